using System.Text;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Baselines;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// Every journal event and snapshot goes through <see cref="JournalSerializer"/> (never Hyperion) under its fixed,
/// versioned manifest, and reads back to what was written, types of untyped values included.
/// </summary>
public sealed class JournalSerializerTests() : TestKit(TestSystems.PlainLocal())
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 5, 0, TimeSpan.Zero);

    private static RunSpec Run() => Fixtures.Run("2025-01-01T00-00-00_rabcdef", "class-a", 2, 3, 2);

    private static TrialResult Trial(string cand, int k, TrialOutcome outcome = TrialOutcome.Ok)
    {
        var id = TrialIds.Of(Run().RunId, "sim", cand, "normal", k);
        IReadOnlyList<CapBreach> breaches = outcome == TrialOutcome.CapBreach ? [new CapBreach("normal", k, "watts", 1200, 1000, "max", 0.25)] : [];
        return new TrialResult(id, outcome, outcome == TrialOutcome.Ok
                ? new Dictionary<string, double> { ["perf"] = 1000 + k, ["p95_ms"] = 5.5, ["watts"] = 50 }
                : new Dictionary<string, double>(),
            new Dictionary<string, string> { ["knob:governor"] = "held at stock" }, breaches, outcome == TrialOutcome.Ok ? null : "boom",
            1.5, "akka.tcp://Dream@127.0.0.1:1");
    }

    private static Dictionary<string, TrialResult> Results(string cand) =>
        Enumerable.Range(0, 2).Select(k => Trial(cand, k)).ToDictionary(r => r.TrialId);

    private static (Baseline Baseline, BaselineRecord Record) Baseline()
    {
        var trials = new Dictionary<string, IReadOnlyList<double>> { ["perf"] = [990.0, 1010.0], ["p95_ms"] = [5.0, 5.2], ["watts"] = [49.0, 51.0] };
        var record = BaselineRecord.Measured("sim", "normal", trials, 2, Genome.Of(("threads", 8L), ("util", 0.5)), "class-a", "hash", At,
            CiOptions.Default, 7);
        return (Dream.Core.Scoring.Baseline.OfTrials(record.BaselineId, trials), record);
    }

    private static CandidatePack Pack(string cand)
    {
        var (b, _) = Baseline();
        return CandidateScoring.Assess(Run(), "sim", 0, cand, Genome.Of(("threads", 12L), ("util", 1.0)), Results(cand),
            new Dictionary<string, Baseline> { ["normal"] = b }, At).Pack;
    }

    public static IEnumerable<object[]> JournalObjects()
    {
        var run = Run();
        var (b, record) = Baseline();
        var pack = Pack("gen0_c0");
        yield return [new DomainEvent.Started(run, "sim", "2025-01-01T00:00:00Z"), JournalSerializer.Manifests.DomainStarted];
        yield return [new DomainEvent.BaselinesFixed(new Dictionary<string, Baseline> { ["normal"] = b },
            new Dictionary<string, BaselineRecord> { ["normal"] = record }, "t"), JournalSerializer.Manifests.BaselinesFixed];
        yield return [new DomainEvent.GenerationProposed(0, [Genome.Of(("threads", 12L), ("util", 1.0)), Genome.Of(("threads", 3L), ("util", 0.25))], "t"),
            JournalSerializer.Manifests.GenerationProposed];
        yield return [new DomainEvent.TrialsRecorded([Trial("gen0_c0", 0), Trial("gen0_c1", 1, TrialOutcome.CapBreach), Trial("baseline", 0, TrialOutcome.Timeout)], "t"),
            JournalSerializer.Manifests.TrialsRecorded];
        yield return [new DomainEvent.CandidateAssessed(0, "gen0_c0", pack, pack.Aggregate.ScoreV2, null, "t"), JournalSerializer.Manifests.CandidateAssessed];
        yield return [new DomainEvent.CandidateAssessed(1, "gen1_c0", pack.Reissued("gen1_c0", 1), null, "gen0_c0", "t"), JournalSerializer.Manifests.CandidateAssessed];
        yield return [new DomainEvent.GenerationCompleted(0, "gen0_c0", 0.25, [0.1, 0.4], 3, 3, "t"), JournalSerializer.Manifests.GenerationCompleted];
        yield return [new DomainEvent.GenerationCompleted(0, null, null, null, 0, 3, "t"), JournalSerializer.Manifests.GenerationCompleted];
        yield return [new DomainEvent.Finished("completed", "gen0_c0", 0.25, "t"), JournalSerializer.Manifests.DomainFinished];
        yield return [new DomainEvent.CandidateEliminated(0, "gen0_c1", 3, "paired-t-holm", 7.25, 0.0004, "gen0_c0", "t"),
            JournalSerializer.Manifests.CandidateEliminated];
        yield return [new DomainEvent.CandidateEliminated(0, "gen0_c2", 0, "cap-breach", null, null, null, "t"), JournalSerializer.Manifests.CandidateEliminated];
        yield return [new DomainEvent.AnomalyDetected(6, Anomalies.Stall, "domain", 5, 5, "no better score_v2 for 5 generations", "t"),
            JournalSerializer.Manifests.AnomalyDetected];
        yield return [new DomainEvent.AnomalyDetected(-1, Anomalies.BaselineDrift, "normal/perf", 2.5, 1, "moved", "t"),
            JournalSerializer.Manifests.AnomalyDetected];
        yield return [new DomainEvent.OperatorDecided(4, "diversify", "stagnation: the best score rose 0 in 3 generations (<= 0.001)", 2, 0.125, "t"),
            JournalSerializer.Manifests.OperatorDecided];
        yield return [new DomainEvent.CandidateEliminated(0, "gen0_c2", 5, "paired-t-holm", double.PositiveInfinity, 0.0, "gen0_c0", "t"),
            JournalSerializer.Manifests.CandidateEliminated];
        var raced = pack with { Evidence = new PackEvidence(4, 4, PackEvidence.EliminatedAt(3)) };
        yield return [new DomainEvent.CandidateAssessed(0, "gen0_c0", raced, raced.Aggregate.ScoreV2, null, "t"), JournalSerializer.Manifests.CandidateAssessed];
        yield return [RacedState(), JournalSerializer.Manifests.DomainState];
        yield return [State(), JournalSerializer.Manifests.DomainState];
        yield return [new DomainState(), JournalSerializer.Manifests.DomainState];
        yield return [new RunRegistry.Created(run), JournalSerializer.Manifests.RunCreated];
        yield return [new RunRegistry.State(run), JournalSerializer.Manifests.RunState];
        yield return [new RunRegistry.State(null), JournalSerializer.Manifests.RunState];
        var stored = new BaselineStore.Stored(b, record, "fp");
        yield return [new BaselineStore.Recorded(stored), JournalSerializer.Manifests.BaselineRecorded];
        yield return [new BaselineStore.Retired("kernel upgraded", "t"), JournalSerializer.Manifests.BaselinesRetired];
        var storeState = new BaselineStore.State();
        storeState.Apply(new BaselineStore.Recorded(stored));
        yield return [storeState, JournalSerializer.Manifests.BaselineStoreState];
        var key = new string('a', 64);
        var entry = new EvidenceStore.Entry(key, Trial("gen0_c0", 0), "2025-01-01T00:00:00Z");
        yield return [new EvidenceStore.Recorded([entry], null, "t"), JournalSerializer.Manifests.EvidenceRecorded];
        yield return [new EvidenceStore.Recorded([entry], "2024-12-01T00:00:00Z", "t"), JournalSerializer.Manifests.EvidenceRecorded];
        var evidence = new EvidenceStore.State();
        evidence.Apply(new EvidenceStore.Recorded([entry, entry with { Key = new string('b', 64) }], null, "t"));
        yield return [evidence, JournalSerializer.Manifests.EvidenceStoreState];
        yield return [new DomainEvent.TrialsReused(1, 2, [new DomainEvent.ReusedTrial(Trial("gen1_c2", 0), key, "run-x/sim/gen0_c0/normal/0",
            "2025-01-01T00:00:00Z")], "t"), JournalSerializer.Manifests.TrialsReused];
        yield return [new DomainEvent.TrialsReused(1, 0, [], "t"), JournalSerializer.Manifests.TrialsReused];
        yield return [ReusedState(), JournalSerializer.Manifests.DomainState];
        yield return [Choice(0, null), JournalSerializer.Manifests.BanditChosen];
        yield return [Choice(1, "thompson/g1/slot1/1"), JournalSerializer.Manifests.BanditChosen];
        yield return [BanditState(), JournalSerializer.Manifests.DomainState];
    }

    /// <summary>A bandit decision; an arm not yet measured has an infinite UCB index.</summary>
    private static DomainEvent.BanditChosen Choice(int decision, string? stream) =>
        new(1, stream is null ? "ucb" : "thompson", decision, decision % 2, "gen1_c1", 0,
            new Dictionary<string, double> { ["gen1_c1"] = double.PositiveInfinity, ["gen1_c2"] = 0.625 }, ["gen1_c2"], stream, "t");

    /// <summary>A bandit generation with two decisions journaled.</summary>
    private static DomainState BanditState()
    {
        var s = State();
        s.Apply(Choice(0, null));
        s.Apply(Choice(1, "thompson/g1/slot1/1"));
        s.Apply(Choice(1, "thompson/g1/slot1/1")); // a decision journaled twice counts once
        return s;
    }

    [Fact]
    public void BanditDecisionsSurviveASnapshotAndAFullRunsSnapshotHasNone()
    {
        var copy = BanditState().Copy();
        Assert.Equal([0, 1], copy.BanditChoices.Select(b => b.Decision));
        Assert.Equal(double.PositiveInfinity, copy.BanditChoices[0].Indexes["gen1_c1"]);
        Assert.Equal("thompson/g1/slot1/1", copy.BanditChoices[1].Stream);
        var serializer = Sys.Serialization.FindSerializerFor(State());
        Assert.DoesNotContain("bandit", Encoding.UTF8.GetString(serializer.ToBinary(State())));
        // a new generation starts without decisions
        var next = BanditState().Apply(new DomainEvent.GenerationProposed(2, [Genome.Of(("threads", 1L), ("util", 0.5))], "t"));
        Assert.Empty(next.BanditChoices);
    }

    [Fact]
    public void ABanditsStopReasonsAreValidInThePackSchema()
    {
        foreach (var stopped in new[] { PackEvidence.Completed, PackEvidence.Budget })
            PackSchema.AssertValid(Pack("gen0_c0") with { Evidence = new PackEvidence(3, 3, stopped) });
        Assert.NotEmpty(SchemaValidator.Validate(SchemaValidator.CandidatePack,
            Json.Tree(Pack("gen0_c0") with { Evidence = new PackEvidence(3, 3, "spent") })));
    }

    /// <summary>A coordinator's state in the middle of a generation, with history, packs and a reused elite.</summary>
    private static DomainState State()
    {
        var run = Run();
        var (b, record) = Baseline();
        var s = new DomainState();
        var g0 = new[] { Genome.Of(("threads", 12L), ("util", 1.0)), Genome.Of(("threads", 3L), ("util", 0.25)), Genome.Of(("threads", 9L), ("util", 0.5)) };
        s.Apply(new DomainEvent.Started(run, "sim", "t"));
        s.Apply(new DomainEvent.TrialsRecorded([Trial("baseline", 0), Trial("baseline", 1)], "t"));
        s.Apply(new DomainEvent.BaselinesFixed(new Dictionary<string, Baseline> { ["normal"] = b }, new Dictionary<string, BaselineRecord> { ["normal"] = record }, "t"));
        s.Apply(new DomainEvent.GenerationProposed(0, g0, "t"));
        foreach (var i in new[] { 0, 1, 2 })
        {
            var cand = DomainState.CandId(0, i);
            s.Apply(new DomainEvent.TrialsRecorded(Results(cand).Values.ToList(), "t"));
            s.Apply(new DomainEvent.CandidateAssessed(0, cand, Pack(cand), i == 1 ? null : 0.1 * i, null, "t"));
        }
        s.Apply(new DomainEvent.GenerationCompleted(0, "gen0_c2", 0.2, [0.1, 0.3], 2, 3, "t"));
        s.Apply(new DomainEvent.GenerationProposed(1, [g0[2], Genome.Of(("threads", 10L), ("util", 0.75)), g0[0]], "t"));
        s.Apply(new DomainEvent.CandidateAssessed(1, "gen1_c0", Pack("gen0_c2").Reissued("gen1_c0", 1), 0.2, "gen0_c2", "t"));
        s.Apply(new DomainEvent.TrialsRecorded([Trial("gen1_c1", 0)], "t"));
        return s;
    }

    /// <summary>A generation with a trial taken from the evidence cache.</summary>
    private static DomainState ReusedState()
    {
        var s = State();
        s.Apply(new DomainEvent.TrialsReused(1, 2, [new DomainEvent.ReusedTrial(Trial("gen1_c2", 0), new string('a', 64),
            "run-x/sim/gen0_c0/normal/0", "2025-01-01T00:00:00Z")], "t"));
        return s;
    }

    [Fact]
    public void AReusedTrialIsTheCandidatesEvidenceButNotARecordedTrialAndSurvivesASnapshot()
    {
        var s = ReusedState();
        var copy = s.Copy();
        foreach (var state in new[] { s, copy })
        {
            Assert.Equal(1, state.TrialsReused);
            Assert.True(state.Recorded(TrialIds.Of(Run().RunId, "sim", "gen1_c2", "normal", 0)));
            Assert.Equal(State().TrialsRecorded, state.TrialsRecorded);
            Assert.Single(state.CandidateOf("gen1_c2")!.Reused);
        }
    }

    /// <summary>A raced generation with one candidate eliminated (and assessed on what it earned).</summary>
    private static DomainState RacedState()
    {
        var s = State();
        s.Apply(new DomainEvent.CandidateEliminated(1, "gen1_c1", 0, "failed", null, null, null, "t"));
        return s;
    }

    [Fact]
    public void AFullRunsPackIsJournaledWithoutTheEvidenceField()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new DomainEvent.Finished("x", null, null, "t"));
        var plain = Pack("gen0_c0");
        var text = Encoding.UTF8.GetString(serializer.ToBinary(new DomainEvent.CandidateAssessed(0, "gen0_c0", plain, null, null, "t")));
        Assert.DoesNotContain("evidence", text);
        Assert.DoesNotContain("elimination", Encoding.UTF8.GetString(serializer.ToBinary(State())));
        Assert.Null(plain.Evidence);
        Assert.DoesNotContain("evidence", plain.ToJson().ToJsonString());
        var raced = plain with { Evidence = new PackEvidence(7, 6, PackEvidence.Completed) };
        Assert.Equal(raced, CandidatePack.FromJson(raced.ToJson()));
        PackSchema.AssertValid(raced);
        PackSchema.AssertValid(plain);
    }

    [Fact]
    public void AnEliminatedCandidateRanksBelowEverySurvivorAndIsNeverTheBest()
    {
        var s = State();
        var before = s.HistoryIncludingCurrent()[1];
        // gen1_c1 is measured and then eliminated with a score above the reused elite's: it must still rank below it
        s.Apply(new DomainEvent.CandidateEliminated(1, "gen1_c1", 0, "paired-t-holm", 5, 0.001, "gen1_c2", "t"));
        var pack = Pack("gen1_c1") with { Evidence = new PackEvidence(1, 1, PackEvidence.EliminatedAt(0)) };
        s.Apply(new DomainEvent.CandidateAssessed(1, "gen1_c1", pack, 0.9, null, "t"));
        s.Apply(new DomainEvent.CandidateAssessed(1, "gen1_c2", Pack("gen1_c2"), 0.05, null, "t"));
        var scores = s.HistoryIncludingCurrent()[1].Select(x => x.Score).ToList();
        Assert.True(scores[1] < scores[0] && scores[1] < scores[2], string.Join(", ", scores));
        Assert.Equal(0.2, scores[0]);
        Assert.Equal(0.05, scores[2]);
        Assert.NotEqual("gen1_c1", DomainCoordinator.ProgressOf(s).BestCandId);
        Assert.Equal(3, before.Count);
    }

    private byte[] RoundTripBytes(object o, string manifest)
    {
        var serializer = Sys.Serialization.FindSerializerFor(o);
        var bytes = serializer.ToBinary(o);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.IsType(o.GetType(), back);
        return serializer.ToBinary(back);
    }

    [Theory]
    [MemberData(nameof(JournalObjects))]
    public void EveryEventAndSnapshotGoesThroughTheJournalSerializerAndReadsBackTheSame(object o, string manifest)
    {
        var serializer = Sys.Serialization.FindSerializerFor(o);
        Assert.IsType<JournalSerializer>(serializer);
        Assert.Equal(JournalSerializer.Id, serializer.Identifier);
        Assert.Equal(manifest, Serialization.ManifestFor(serializer, o));
        var bytes = serializer.ToBinary(o);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(RoundTripBytes(o, manifest)));
    }

    [Fact]
    public void ValuesKeepTheirTypesThroughTheJournal()
    {
        var e = new DomainEvent.GenerationProposed(0, [Genome.Of(("threads", 12L), ("util", 1.0), ("mode", "fast"), ("smt", true))], "t");
        var serializer = Sys.Serialization.FindSerializerFor(e);
        var back = (DomainEvent.GenerationProposed)Sys.Serialization.Deserialize(serializer.ToBinary(e), serializer.Identifier, JournalSerializer.Manifests.GenerationProposed);
        var g = back.Genomes[0];
        Assert.IsType<long>(g.Values["threads"]);
        Assert.IsType<double>(g.Values["util"]);
        Assert.Equal(e.Genomes[0].Key(), g.Key());
        Assert.Equal(e.Genomes[0], g);
    }

    [Fact]
    public void ARestoredStateDecidesAsTheOriginal()
    {
        var s = State();
        var copy = s.Copy();
        Assert.Equal(s.Now, copy.Now);
        Assert.Equal(DomainCoordinator.ProgressOf(s), DomainCoordinator.ProgressOf(copy));
        Assert.Equal(s.HistoryIncludingCurrent().Select(g => g.Select(x => (x.Genome.Key(), x.Score)).ToList()),
            copy.HistoryIncludingCurrent().Select(g => g.Select(x => (x.Genome.Key(), x.Score)).ToList()));
        Assert.Equal(s.AssessedByGenome, copy.AssessedByGenome);
        Assert.True(copy.Recorded(TrialIds.Of(Run().RunId, "sim", "gen1_c1", "normal", 0)));
        Assert.False(copy.Recorded(TrialIds.Of(Run().RunId, "sim", "gen1_c1", "normal", 1)));
    }

    [Fact]
    public void AnUnknownManifestIsAnErrorThatSaysSo()
    {
        var serializer = new JournalSerializer((Akka.Actor.ExtendedActorSystem)Sys);
        var e = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "domain-started.v9"));
        Assert.Contains("domain-started.v9", e.Message);
    }

    private T ThroughHyperion<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsNotType<JournalSerializer>(serializer);
        return (T)Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, Serialization.ManifestFor(serializer, message));
    }

    [Fact]
    public void MessagesBetweenNodesStayOnHyperionAndArriveWhole()
    {
        var run = Run();
        var start = ThroughHyperion(new DomainCoordinator.Start(run, "sim"));
        Assert.Equal(run, start.Run);
        Assert.Equal(run.Plan("sim").Domain.Knobs, start.Run.Plan("sim").Domain.Knobs);

        var reply = ThroughHyperion(StatusReply<RunSpec>.Success(run));
        Assert.True(reply.IsSuccess);
        Assert.Equal(run, reply.Value);
        Assert.Equal("unknown run", ThroughHyperion(StatusReply<RunSpec>.Failure("unknown run")).Error?.Message);

        var (b, record) = Baseline();
        var all = ThroughHyperion(new BaselineStore.All(new Dictionary<string, BaselineStore.Stored> { ["normal"] = new(b, record, "fp") }));
        Assert.Equal(record.BaselineId, all.ByRegime["normal"].Record.BaselineId);
        Assert.Equal(b.Means, all.ByRegime["normal"].Baseline.Means);

        var pack = Pack("gen0_c0");
        var assessed = ThroughHyperion(new DomainCoordinator.Assessed(0, "gen0_c0", pack, pack.Aggregate.ScoreV2));
        Assert.Equal(pack.Aggregate.ScoreV2, assessed.Score);
    }
}
