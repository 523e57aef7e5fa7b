using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Dream.Cluster.Metrics;
using M = Dream.Cluster.Metrics.Metrics;

namespace Dream.Cluster.Tests.Metrics;

/// <summary>The facade on its own: what each call does to the exposition, which stays valid Prometheus text.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("MetricsTest", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
    private readonly M _metrics;

    public MetricsTests() => _metrics = M.Get(_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private IReadOnlyList<PrometheusText.Sample> Scrape() => PrometheusText.Parse(_metrics.Scrape());

    private static Dictionary<string, string> L(params (string K, string V)[] labels) => labels.ToDictionary(l => l.K, l => l.V);

    [Fact]
    public void OneRegistryPerActorSystem()
    {
        Assert.Same(_metrics, M.Get(_system));
        using var other = ActorSystem.Create("MetricsTest2", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        M.Get(other).JournalWrite(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.0, PrometheusText.Value(Scrape(), "dream_journal_write_seconds_count", L()));
    }

    [Fact]
    public void CountsTrialsByDomainRegimeAndOutcomeAndTimesOnlyMeasuredOnes()
    {
        _metrics.TrialFinished("sim", "normal", "ok", 0.3);
        _metrics.TrialFinished("sim", "normal", "ok", 0.7);
        _metrics.TrialFinished("sim", "normal", "failed", null);
        var s = Scrape();
        Assert.Equal(2.0, PrometheusText.Value(s, "dream_trials_total", L(("domain", "sim"), ("regime", "normal"), ("outcome", "ok"))));
        Assert.Equal(1.0, PrometheusText.Value(s, "dream_trials_total", L(("domain", "sim"), ("regime", "normal"), ("outcome", "failed"))));
        Assert.Equal(2.0, PrometheusText.Value(s, "dream_trial_duration_seconds_count", L(("domain", "sim"), ("regime", "normal"))));
        Assert.Equal(1.0, PrometheusText.Value(s, "dream_trial_duration_seconds_sum", L(("domain", "sim"), ("regime", "normal")))!.Value, 9);
        Assert.Equal(1.0, PrometheusText.Value(s, "dream_trial_duration_seconds_bucket", L(("domain", "sim"), ("regime", "normal"), ("le", "0.5"))));
    }

    [Fact]
    public void DispatcherGaugesGoWhenTheDispatcherLeavesThisNode()
    {
        Assert.Null(PrometheusText.Value(Scrape(), "dream_trials_queued", L()));
        _metrics.DispatcherState(5, 2, 3);
        var s = Scrape();
        Assert.Equal(5.0, PrometheusText.Value(s, "dream_trials_queued", L()));
        Assert.Equal(2.0, PrometheusText.Value(s, "dream_trials_in_flight", L()));
        Assert.Equal(3.0, PrometheusText.Value(s, "dream_trial_runners", L()));
        _metrics.DispatcherStopped();
        s = Scrape();
        Assert.Null(PrometheusText.Value(s, "dream_trials_queued", L()));
        Assert.Null(PrometheusText.Value(s, "dream_trials_in_flight", L()));
        _metrics.DispatcherState(0, 0, 1);
        Assert.Equal(0.0, PrometheusText.Value(Scrape(), "dream_trials_queued", L()));
    }

    [Fact]
    public void DomainSeriesAppearWithRealValuesOnlyAndGoWhenTheCoordinatorStops()
    {
        var labels = L(("run", "r1"), ("domain", "sim"));
        _metrics.DomainProgress("r1", "sim", -1, null, false);
        Assert.Null(PrometheusText.Value(Scrape(), "dream_generation", labels));
        Assert.Null(PrometheusText.Value(Scrape(), "dream_best_score", labels));
        _metrics.DomainProgress("r1", "sim", 2, 0.125, false);
        Assert.Equal(2.0, PrometheusText.Value(Scrape(), "dream_generation", labels));
        Assert.Equal(0.125, PrometheusText.Value(Scrape(), "dream_best_score", labels));
        _metrics.DomainProgress("r1", "sim", 2, 0.125, true);
        Assert.Null(PrometheusText.Value(Scrape(), "dream_generation", labels));
        Assert.Null(PrometheusText.Value(Scrape(), "dream_best_score", labels));
    }

    [Fact]
    public void JournalWritesAreTimedInSeconds()
    {
        _metrics.JournalWrite(TimeSpan.FromMilliseconds(2));
        var s = Scrape();
        Assert.Equal(1.0, PrometheusText.Value(s, "dream_journal_write_seconds_count", L()));
        Assert.Equal(0.002, PrometheusText.Value(s, "dream_journal_write_seconds_sum", L())!.Value, 12);
        Assert.Equal(0.0, PrometheusText.Value(s, "dream_journal_write_seconds_bucket", L(("le", "0.001"))));
        Assert.Equal(1.0, PrometheusText.Value(s, "dream_journal_write_seconds_bucket", L(("le", "0.0025"))));
    }

    [Fact]
    public void MemberStatusesAreWrittenAsLabelValues()
    {
        Assert.Equal("weakly_up", M.StatusName(MemberStatus.WeaklyUp));
        Assert.Equal("up", M.StatusName(MemberStatus.Up));
    }
}
