using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

public sealed class CandidateEvaluatorTests : TestKit
{
    private static readonly Genome TheGenome = Genome.Of(("threads", 20L), ("util", 0.5));
    private const string Cand = "gen0_c3";

    /// <summary>The evaluator's world: a dispatcher, a recorder and the requester, all probes.</summary>
    private readonly TestProbe _dispatcher;
    private readonly TestProbe _recorder;
    private readonly TestProbe _requester;

    public CandidateEvaluatorTests() : base(TestSystems.PlainLocal())
    {
        _dispatcher = CreateTestProbe();
        _recorder = CreateTestProbe();
        _requester = CreateTestProbe();
    }

    private void Evaluate(RunSpec run, IReadOnlyDictionary<string, TrialResult> recorded) =>
        Sys.ActorOf(CandidateEvaluator.Props(run, "sim", Cand, TheGenome, run.Plan("sim").Regimes, recorded, _recorder.Ref,
            _dispatcher.Ref, _requester.Ref));

    private static RunSpec Run(int trials, int retries, int maxFailures, params string[] regimes) =>
        Fixtures.Run("r1", "class-a", 2, 4, new ExecutionSpec(trials, 0, 0, retries, 1.5), new GlobalCaps(maxFailures, 60, 1),
            regimes.Select(r => Fixtures.Regime(r, 0)).ToList());

    private static string Id(string regime, int k) => TrialIds.Of("r1", "sim", Cand, regime, k);

    private static TrialResult Outcome(string trialId, TrialOutcome outcome)
    {
        var ok = outcome == TrialOutcome.Ok;
        IReadOnlyList<CapBreach> breaches = outcome == TrialOutcome.CapBreach
            ? [new CapBreach(TrialIds.RegimeOf(trialId), TrialIds.IndexOf(trialId), "watts", 1200.0, 1000.0, "max", 0.5)]
            : [];
        return new TrialResult(trialId, outcome, ok ? new Dictionary<string, double> { ["perf"] = 900.0 } : new Dictionary<string, double>(),
            new Dictionary<string, string>(), breaches, ok ? null : "stub " + outcome, 0, "stub");
    }

    /// <summary>Answers a submitted trial as the dispatcher would.</summary>
    private static void Answer(TrialDispatcher.Submit submit, TrialOutcome outcome) =>
        submit.ReplyTo.Tell(new TrialDispatcher.Completed(Outcome(submit.Spec.TrialId, outcome)));

    /// <summary>Expects the recorder to be asked for <paramref name="trialId"/>, and acknowledges it.</summary>
    private void ExpectRecordedAndAck(string trialId, TrialOutcome outcome)
    {
        var record = _recorder.ExpectMsg<TrialRecorder.Record>();
        Assert.Equal(trialId, record.Result.TrialId);
        Assert.Equal(outcome, record.Result.Outcome);
        _recorder.LastSender.Tell(new TrialRecorder.Recorded(trialId));
    }

    private List<TrialDispatcher.Submit> Submits(int n) => Enumerable.Range(0, n).Select(_ => _dispatcher.ExpectMsg<TrialDispatcher.Submit>()).ToList();

    [Fact]
    public void SubmitsExactlyTheTrialsNotYetRecordedAndAnswersOnceAllAreAcknowledged()
    {
        var run = Run(2, 1, 3, "idle", "stress");
        var earlier = Outcome(Id("idle", 1), TrialOutcome.Ok);
        Evaluate(run, new Dictionary<string, TrialResult> { [earlier.TrialId] = earlier });

        var submits = Submits(3);
        Assert.Equal(new HashSet<string> { Id("idle", 0), Id("stress", 0), Id("stress", 1) }, submits.Select(s => s.Spec.TrialId).ToHashSet());
        var stress1 = submits.Single(s => s.Spec.TrialId == Id("stress", 1));
        Assert.Equal("stress", stress1.Spec.Regime);
        Assert.Equal(1, stress1.Spec.Index);
        Assert.Equal(TheGenome, stress1.Spec.Genome);
        Assert.Equal(7, stress1.Spec.RunSeed);
        Assert.Equal("class-a", stress1.NodeClass);
        _dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var records = new List<(TrialRecorder.Record Record, IActorRef Sender)>();
        foreach (var s in submits)
        {
            Answer(s, TrialOutcome.Ok);
            records.Add((_recorder.ExpectMsg<TrialRecorder.Record>(), _recorder.LastSender));
        }
        // a duplicate answer (a trial dispatched twice) is not recorded twice
        Answer(submits[0], TrialOutcome.Ok);
        _recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        records[0].Sender.Tell(new TrialRecorder.Recorded(records[0].Record.Result.TrialId));
        records[1].Sender.Tell(new TrialRecorder.Recorded(records[1].Record.Result.TrialId));
        _requester.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // one outcome is not in the journal yet
        records[2].Sender.Tell(new TrialRecorder.Recorded(records[2].Record.Result.TrialId));
        var measured = _requester.ExpectMsg<CandidateEvaluator.Measured>();
        Assert.Equal(Cand, measured.CandId);
        Assert.Equal(new HashSet<string> { Id("idle", 0), Id("idle", 1), Id("stress", 0), Id("stress", 1) }, measured.Results.Keys.ToHashSet());
    }

    [Fact]
    public void ACandidateWhoseTrialsAreAllRecordedIsNotMeasuredAgain()
    {
        var run = Run(1, 1, 3, "normal");
        var done = Outcome(Id("normal", 0), TrialOutcome.Ok);
        Evaluate(run, new Dictionary<string, TrialResult> { [done.TrialId] = done });
        var measured = _requester.ExpectMsg<CandidateEvaluator.Measured>();
        Assert.Equal([done.TrialId], measured.Results.Keys);
        Assert.Same(done, measured.Results[done.TrialId]);
        _dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void RetriesAFailedTrialAsOftenAsRegimesYamlSaysThenRecordsTheFailure()
    {
        var run = Run(1, 2, 3, "normal");
        Evaluate(run, new Dictionary<string, TrialResult>());
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var s = _dispatcher.ExpectMsg<TrialDispatcher.Submit>();
            Assert.Equal(Id("normal", 0), s.Spec.TrialId);
            _recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // a failure that will be retried is not an outcome
            Answer(s, attempt == 1 ? TrialOutcome.Timeout : TrialOutcome.Failed);
        }
        ExpectRecordedAndAck(Id("normal", 0), TrialOutcome.Failed);
        _dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // 1 + retries attempts, no more
        var measured = _requester.ExpectMsg<CandidateEvaluator.Measured>();
        Assert.Equal(TrialOutcome.Failed, measured.Results[Id("normal", 0)].Outcome);
    }

    [Fact]
    public void ARetryThatSucceedsIsRecordedAsTheOutcome()
    {
        var run = Run(1, 2, 3, "normal");
        Evaluate(run, new Dictionary<string, TrialResult>());
        Answer(_dispatcher.ExpectMsg<TrialDispatcher.Submit>(), TrialOutcome.Failed);
        Answer(_dispatcher.ExpectMsg<TrialDispatcher.Submit>(), TrialOutcome.Ok);
        ExpectRecordedAndAck(Id("normal", 0), TrialOutcome.Ok);
        Assert.Equal(TrialOutcome.Ok, _requester.ExpectMsg<CandidateEvaluator.Measured>().Results[Id("normal", 0)].Outcome);
        _dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void ACapBreachCancelsTheCandidatesOtherTrialsAndFinishes()
    {
        var run = Run(3, 1, 3, "normal");
        Evaluate(run, new Dictionary<string, TrialResult>());
        var submits = Submits(3);
        var first = submits.Single(s => s.Spec.Index == 0);
        Answer(first, TrialOutcome.CapBreach);
        ExpectRecordedAndAck(Id("normal", 0), TrialOutcome.CapBreach);

        var cancel = _dispatcher.ExpectMsg<TrialDispatcher.Cancel>();
        Assert.Equal("r1/sim/" + Cand + "/", cancel.TrialIdPrefix);
        var measured = _requester.ExpectMsg<CandidateEvaluator.Measured>();
        Assert.Equal([Id("normal", 0)], measured.Results.Keys);
        Assert.Equal(TrialOutcome.CapBreach, measured.Results[Id("normal", 0)].Outcome);
        // no retry of a breach, and nothing more is recorded for this candidate
        _recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void MoreFailedTrialsThanCapsYamlAllowsStopTheCandidate()
    {
        var run = Run(4, 0, 1, "normal");
        Evaluate(run, new Dictionary<string, TrialResult>());
        var submits = Submits(4);
        Answer(submits[0], TrialOutcome.Failed);
        ExpectRecordedAndAck(submits[0].Spec.TrialId, TrialOutcome.Failed);
        Answer(submits[1], TrialOutcome.Failed);
        ExpectRecordedAndAck(submits[1].Spec.TrialId, TrialOutcome.Failed);
        Assert.EndsWith(Cand + "/", _dispatcher.ExpectMsg<TrialDispatcher.Cancel>().TrialIdPrefix);
        Assert.Equal(2, _requester.ExpectMsg<CandidateEvaluator.Measured>().Results.Count);
    }

    [Fact]
    public void ABreachAlreadyInTheJournalStopsTheCandidateWithoutATrial()
    {
        var run = Run(3, 1, 3, "normal");
        var breach = Outcome(Id("normal", 1), TrialOutcome.CapBreach);
        Evaluate(run, new Dictionary<string, TrialResult> { [breach.TrialId] = breach });
        Assert.Equal([breach.TrialId], _requester.ExpectMsg<CandidateEvaluator.Measured>().Results.Keys);
        _dispatcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void OutstandingTrialsAreSubmittedAgainInCaseTheDispatcherMoved()
    {
        // Not in the Java tests: the resubmission that survives a dispatcher's move to another node.
        var run = Run(1, 0, 3, "normal");
        Evaluate(run, new Dictionary<string, TrialResult>());
        var first = _dispatcher.ExpectMsg<TrialDispatcher.Submit>();
        var again = _dispatcher.ExpectMsg<TrialDispatcher.Submit>(CandidateEvaluator.ResubmitEvery + TimeSpan.FromSeconds(5));
        Assert.Equal(first.Spec.TrialId, again.Spec.TrialId);
    }
}
