using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Prom = Prometheus;

namespace Dream.Cluster.Metrics;

/// <summary>
/// The Prometheus metrics of one node, one registry per actor system (so that several nodes in one process,
/// as in tests, keep theirs apart). The actors report through the few methods below, each a single call;
/// every value is a measurement or a count of this node, and a series whose source has stopped on this node
/// is removed rather than left at its last value.
/// </summary>
public sealed partial class Metrics : IExtension
{
    /// <summary>Text exposition format 0.0.4, the format every Prometheus server scrapes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static Metrics Get(ActorSystem system) => system.WithExtension<Metrics, MetricsId>();

    private sealed class MetricsId : ExtensionIdProvider<Metrics>
    {
        public override Metrics CreateExtension(ExtendedActorSystem system) => new();
    }

    private readonly Prom.CollectorRegistry _registry = Prom.Metrics.NewCustomRegistry();
    private readonly Prom.Counter _trials;
    private readonly Prom.Histogram _trialDuration;
    private readonly Prom.Gauge _queued, _inFlight, _runners;
    private readonly Prom.Gauge _bestScore, _generation;
    private readonly Prom.Histogram _journalWrite;
    private readonly Prom.Counter _anomalies;
    private readonly Prom.Gauge _baselineDrift;
    private readonly object _lock = new();
    private bool _clusterObserved;

    public Metrics()
    {
        var f = Prom.Metrics.WithCustomRegistry(_registry);
        _trials = f.CreateCounter("dream_trials_total",
            "Trials this node's runner finished, by domain, regime and outcome (a trial re-dispatched after a lost lease counts on each node that finished it).",
            new Prom.CounterConfiguration { LabelNames = ["domain", "regime", "outcome"] });
        _trialDuration = f.CreateHistogram("dream_trial_duration_seconds",
            "Wall-clock time of the trials this node ran, from applying the knobs to restoring them, as the executor measured it.",
            new Prom.HistogramConfiguration { LabelNames = ["domain", "regime"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        _queued = DispatcherGauge(f, "dream_trials_queued", "Trials waiting in the TrialDispatcher for a free runner");
        _inFlight = DispatcherGauge(f, "dream_trials_in_flight", "Trials leased to a runner and not yet answered");
        _runners = DispatcherGauge(f, "dream_trial_runners", "TrialRunners ready to take trials (registered and described)");
        _bestScore = f.CreateGauge("dream_best_score",
            "score_v2 of the best safe candidate so far, per run and domain; absent until a safe candidate is assessed.",
            new Prom.GaugeConfiguration { LabelNames = ["run", "domain"] });
        _generation = f.CreateGauge("dream_generation",
            "The generation in progress (from 0), per run and domain; absent while the baselines are measured.",
            new Prom.GaugeConfiguration { LabelNames = ["run", "domain"] });
        _journalWrite = f.CreateHistogram("dream_journal_write_seconds",
            "Time from handing a batch of trial outcomes to the DomainCoordinator to its acknowledgement that they are in the journal.",
            new Prom.HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _anomalies = f.CreateCounter("dream_anomalies_total",
            "Anomalies this node's coordinators recorded in the journal (anomaly-detected.v1), by domain and kind: stall, node-failures, baseline-drift.",
            new Prom.CounterConfiguration { LabelNames = ["domain", "kind"] });
        _baselineDrift = f.CreateGauge("dream_baseline_drift_ratio",
            "At the last refresh of a regime's baseline on this node: how far each KPI's mean moved from the previous baseline's, in half-widths of the previous 95% interval (above 1: beyond it).",
            new Prom.GaugeConfiguration { LabelNames = ["domain", "regime", "kpi"] });
    }

    /// <summary>A coordinator recorded an anomaly of <paramref name="kind"/>.</summary>
    public void Anomaly(string domain, string kind) => _anomalies.WithLabels(domain, kind).Inc();

    /// <summary>A regime's baseline was measured anew and compared with the previous one.</summary>
    public void BaselineDrift(string domain, string regime, string kpi, double ratio) =>
        _baselineDrift.WithLabels(domain, regime, kpi).Set(ratio);

    private static Prom.Gauge DispatcherGauge(Prom.MetricFactory f, string name, string help) =>
        f.CreateGauge(name, help + " (only on the node that hosts the dispatcher).", new Prom.GaugeConfiguration { SuppressInitialValue = true });

    /// <summary>A runner finished a trial; <paramref name="measuredSeconds"/> is null when the executor crashed and measured nothing.</summary>
    public void TrialFinished(string domain, string regime, string outcome, double? measuredSeconds)
    {
        _trials.WithLabels(domain, regime, outcome).Inc();
        if (measuredSeconds is { } s) _trialDuration.WithLabels(domain, regime).Observe(s);
    }

    /// <summary>The dispatcher's queue after a change.</summary>
    public void DispatcherState(int queuedTrials, int trialsInFlight, int knownRunners)
    {
        lock (_lock)
        {
            _queued.Set(queuedTrials);
            _inFlight.Set(trialsInFlight);
            _runners.Set(knownRunners);
            _queued.Publish();
            _inFlight.Publish();
            _runners.Publish();
        }
    }

    /// <summary>The dispatcher left this node (a singleton hand-over, or shutdown): its gauges are no longer ours.</summary>
    public void DispatcherStopped()
    {
        lock (_lock)
        {
            _queued.Unpublish();
            _inFlight.Unpublish();
            _runners.Unpublish();
        }
    }

    /// <summary>
    /// Where a domain's coordinator stands; <paramref name="stopped"/>: the coordinator has stopped on this node
    /// (finished and passivated, moved to another node, or shut down), so its series go.
    /// </summary>
    public void DomainProgress(string runId, string domain, int gen, double? best, bool stopped)
    {
        if (stopped || gen < 0) _generation.RemoveLabelled(runId, domain);
        else _generation.WithLabels(runId, domain).Set(gen);
        if (stopped || best is null) _bestScore.RemoveLabelled(runId, domain);
        else _bestScore.WithLabels(runId, domain).Set(best.Value);
    }

    /// <summary>A batch of trial outcomes was acknowledged by the journal, <paramref name="elapsed"/> after it was handed over.</summary>
    public void JournalWrite(TimeSpan elapsed) => _journalWrite.Observe(elapsed.TotalSeconds);

    /// <summary>
    /// Counts this node's view of the cluster members by status at each scrape; idempotent. Not registered for
    /// actor systems that are not cluster nodes.
    /// </summary>
    public void ObserveCluster(ActorSystem system)
    {
        lock (_lock)
        {
            if (_clusterObserved) return;
            _clusterObserved = true;
        }
        var cluster = Akka.Cluster.Cluster.Get(system);
        var members = Prom.Metrics.WithCustomRegistry(_registry).CreateGauge("dream_cluster_members",
            "Cluster members by status as this node sees them; status=unreachable counts the members this node's failure detector marks unreachable.",
            new Prom.GaugeConfiguration { LabelNames = ["status"] });
        _registry.AddBeforeCollectCallback(() =>
        {
            var state = cluster.State;
            foreach (var s in Statuses) members.WithLabels(StatusName(s)).Set(state.Members.Count(m => m.Status == s));
            members.WithLabels("unreachable").Set(state.Unreachable.Count);
        });
    }

    private static readonly MemberStatus[] Statuses =
    [
        MemberStatus.Joining, MemberStatus.WeaklyUp, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting,
        MemberStatus.Down, MemberStatus.Removed,
    ];

    /// <summary>"WeaklyUp" as "weakly_up", as Prometheus label values are usually written.</summary>
    public static string StatusName(MemberStatus s) =>
        Regex.Replace(s.ToString(), "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();

    /// <summary>Everything, in the Prometheus text exposition format 0.0.4.</summary>
    public string Scrape()
    {
        using var stream = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
