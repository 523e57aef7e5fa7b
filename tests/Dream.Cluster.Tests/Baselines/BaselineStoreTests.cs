using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Baselines;
using Dream.Cluster.Tests.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;

namespace Dream.Cluster.Tests.Baselines;

public sealed class BaselineStoreTests : TestKit
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan T = TimeSpan.FromSeconds(20);
    private static readonly string EntityId = BaselineStore.EntityId("sim", "class-a");

    private IActorRef _store;

    public BaselineStoreTests() : base(TestSystems.Local(TestSystems.FreshJournal())) => _store = Sys.ActorOf(BaselineStore.Props(EntityId));

    private void Restart()
    {
        Watch(_store);
        Sys.Stop(_store);
        ExpectTerminated(_store, T);
        _store = Sys.ActorOf(BaselineStore.Props(EntityId));
    }

    private static BaselineStore.Stored Stored(string regime, double perf, DateTimeOffset at)
    {
        var trials = new Dictionary<string, IReadOnlyList<double>> { ["perf"] = [perf - 1, perf + 1] };
        var record = BaselineRecord.Measured("sim", regime, trials, 2, Genome.Of(("threads", 8L)), "class-a", "hash", at,
            CiOptions.Default, 7);
        return new BaselineStore.Stored(Baseline.OfTrials(record.BaselineId, trials), record, "fp-" + regime);
    }

    private Task<BaselineStore.All> All() => _store.Ask<BaselineStore.All>(new BaselineStore.GetAll("sim", "class-a"), T);

    private Task<IReadOnlyList<object>> Journal() => TestSystems.Events(Sys, BaselineStore.PersistenceIdOf("sim", "class-a"));

    [Fact]
    public async Task RecordsBaselinesPerRegimeAndAnswersWithThemAfterARestart()
    {
        var reply = await _store.Ask<Done>(new BaselineStore.Record("sim", "class-a", [Stored("idle", 100, At), Stored("normal", 200, At)]), T);
        Assert.Equal(Done.Instance, reply);
        var events = await Journal();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.IsType<BaselineStore.Recorded>(e));
        Assert.Equal(new HashSet<string> { "idle", "normal" }, (await All()).ByRegime.Keys.ToHashSet());

        Restart();
        var recovered = await All();
        Assert.Equal(new HashSet<string> { "idle", "normal" }, recovered.ByRegime.Keys.ToHashSet());
        Assert.Equal(200.0, recovered.ByRegime["normal"].Baseline.Means["perf"], 9);
        Assert.Equal([199.0, 201.0], recovered.ByRegime["normal"].Baseline.Trials["perf"]);
        Assert.Equal(At, recovered.ByRegime["normal"].Record.Timestamp);
    }

    [Fact]
    public async Task ANewerBaselineOfARegimeReplacesTheOlderOne()
    {
        await _store.Ask<Done>(new BaselineStore.Record("sim", "class-a", [Stored("normal", 200, At)]), T);
        await _store.Ask<Done>(new BaselineStore.Record("sim", "class-a", [Stored("normal", 300, At.AddSeconds(60))]), T);
        var now = (await All()).ByRegime["normal"];
        Assert.Equal(300.0, now.Baseline.Means["perf"], 9);
        Assert.Equal(At.AddSeconds(60), now.Record.Timestamp);
    }

    [Fact]
    public async Task RetiringForgetsEveryBaselineButKeepsTheHistory()
    {
        await _store.Ask<Done>(new BaselineStore.Record("sim", "class-a", [Stored("idle", 100, At)]), T);
        Assert.Equal(Done.Instance, await _store.Ask<Done>(new BaselineStore.Retire("sim", "class-a", "kernel upgraded"), T));
        var retired = Assert.IsType<BaselineStore.Retired>((await Journal())[^1]);
        Assert.Equal("kernel upgraded", retired.Reason);
        Assert.Empty((await All()).ByRegime);

        Restart();
        Assert.Empty((await All()).ByRegime);
        // the journal still holds what was measured before, for the runs that were compared with it
        var journal = await Journal();
        Assert.Equal(2, journal.Count);
        Assert.IsType<BaselineStore.Recorded>(journal[0]);
    }

    [Fact]
    public async Task AskingPersistsNothing()
    {
        Assert.Empty((await All()).ByRegime);
        Assert.Empty(await Journal());
    }

    [Fact]
    public void AStoredBaselineIsFreshOnlyForTheSameMeasurementAndWithinItsAge()
    {
        var s = Stored("normal", 200, At);
        Assert.True(s.FreshFor("fp-normal", TimeSpan.FromDays(7), At.AddDays(6)));
        Assert.False(s.FreshFor("fp-normal", TimeSpan.FromDays(7), At.AddDays(8)));
        Assert.False(s.FreshFor("fp-changed-regime", TimeSpan.FromDays(7), At.AddSeconds(1)));
    }

    [Fact]
    public void TheCommandsNameTheirEntity()
    {
        Assert.Equal("sim~class-a", ((IEntityMessage)new BaselineStore.GetAll("sim", "class-a")).EntityId);
        Assert.Equal("sim~class-a", ((IEntityMessage)new BaselineStore.Retire("sim", "class-a", "x")).EntityId);
        Assert.Equal("BaselineStore|sim~class-a", BaselineStore.PersistenceIdOf("sim", "class-a"));
    }
}
