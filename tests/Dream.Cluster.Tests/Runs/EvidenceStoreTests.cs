using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Runs;
using Dream.Core.Packs;
using Dream.Trials;

namespace Dream.Cluster.Tests.Runs;

/// <summary>The evidence cache of one (domain, node class): what a lookup finds, and that it survives a restart from its journal.</summary>
public sealed class EvidenceStoreTests : TestKit
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);
    private static readonly string EntityId = EvidenceStore.EntityId("sim", "class-a");

    private IActorRef _store;

    public EvidenceStoreTests() : base(TestSystems.Local(TestSystems.FreshJournal())) => _store = Sys.ActorOf(EvidenceStore.Props(EntityId));

    private static EvidenceStore.Entry Entry(string key, string trialId, double perf, DateTimeOffset measured) =>
        new(key, new TrialResult(trialId, TrialOutcome.Ok, new Dictionary<string, double> { ["perf"] = perf }, new Dictionary<string, string>(),
            [], null, 0, "node-1"), Timestamps.Utc(measured));

    private static EvidenceStore.State StateOf(params EvidenceStore.Entry[] entries) =>
        new EvidenceStore.State().Apply(new EvidenceStore.Recorded(entries, null, Timestamps.Utc(At)));

    [Fact]
    public void AnEntryYoungerThanTheMaxAgeIsAHitAndOnePastItIsAMiss()
    {
        var s = StateOf(Entry("k1", "r1/sim/gen0_c0/normal/0", 100, At));
        Assert.True(s.Find(["k1"], At + Day, 2 * Day).ContainsKey("k1"));
        Assert.Empty(s.Find(["k1"], At + 2 * Day, 2 * Day)); // exactly max age: no longer younger
        Assert.Empty(s.Find(["k1"], At + 3 * Day, 2 * Day));
        Assert.Empty(s.Find(["k2"], At + Day, 2 * Day)); // never measured
    }

    [Fact]
    public void ALookupSeesOnlyWhatWasMeasuredBeforeItsGenerationAndTakesTheNewest()
    {
        var s = StateOf(Entry("k1", "r1/sim/gen0_c0/normal/0", 100, At), Entry("k1", "r2/sim/gen3_c1/normal/0", 200, At + Day));
        Assert.Equal(200, s.Find(["k1"], At + 2 * Day, 7 * Day)["k1"].Result.Kpis["perf"]);
        // as of a moment before the newer measurement, the older one answers: a resumed lookup decides as the first did
        Assert.Equal(100, s.Find(["k1"], At + TimeSpan.FromHours(1), 7 * Day)["k1"].Result.Kpis["perf"]);
        Assert.Empty(s.Find(["k1"], At - TimeSpan.FromHours(1), 7 * Day));
    }

    [Fact]
    public void ARepeatedEntryIsKeptOnceAndOldEntriesAreForgotten()
    {
        var e = Entry("k1", "r1/sim/gen0_c0/normal/0", 100, At);
        var s = StateOf(e, e);
        Assert.Equal(1, s.Count);
        s.Apply(new EvidenceStore.Recorded([Entry("k2", "r2/sim/gen0_c0/normal/0", 1, At + 3 * Day)], Timestamps.Utc(At + Day), Timestamps.Utc(At + 3 * Day)));
        Assert.Equal(["k2"], s.ByKey.Keys);
    }

    [Fact]
    public void TheMaxAgeIsAWeekByDefaultAsForBaselines() =>
        Assert.Equal(TimeSpan.FromDays(7), Sys.Settings.Config.GetTimeSpan(EvidenceCache.MaxAgeSetting, TimeSpan.Zero));

    [Fact]
    public async Task RecordedEntriesAreFoundAgainAfterARestart()
    {
        var now = DateTimeOffset.UtcNow;
        var entries = new[] { Entry("k1", "r1/sim/gen0_c0/normal/0", 100, now), Entry("k2", "r1/sim/gen0_c0/normal/1", 101, now) };
        Assert.Equal(Done.Instance, await _store.Ask<Done>(new EvidenceStore.Record("sim", "class-a", entries, 14 * Day.TotalSeconds), T));
        // given again, as a resumed coordinator does: nothing new to journal
        await _store.Ask<Done>(new EvidenceStore.Record("sim", "class-a", entries, 14 * Day.TotalSeconds), T);
        var journal = await TestSystems.Events(Sys, EvidenceStore.PersistenceIdOf("sim", "class-a"));
        Assert.Equal(2, Assert.IsType<EvidenceStore.Recorded>(Assert.Single(journal)).Entries.Count);

        Watch(_store);
        Sys.Stop(_store);
        ExpectTerminated(_store, T);
        _store = Sys.ActorOf(EvidenceStore.Props(EntityId));
        var found = await _store.Ask<EvidenceStore.Found>(
            new EvidenceStore.Lookup("sim", "class-a", ["k1", "k2", "k3"], Timestamps.Utc(now + TimeSpan.FromMinutes(1)), Day.TotalSeconds), T);
        Assert.Equal(["k1", "k2"], found.Hits.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(101, found.Hits["k2"].Result.Kpis["perf"]);
        Assert.Equal("r1/sim/gen0_c0/normal/1", found.Hits["k2"].Result.TrialId);
    }
}
