using Akka;
using Akka.Actor;
using Akka.Event;
using Dream.Cluster.Baselines;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// Fixes the baselines of a run's domain: takes fresh ones from the BaselineStore, measures the stock configuration
/// with the run's own trial count for every regime that has none, records those, and hands the coordinator one
/// baseline per regime. Stops when done; a phase that stops without BaselinesReady or PhaseFailed has failed.
/// </summary>
public sealed class BaselinePhase : ReceiveActor
{
    private sealed record FromStore(BaselineStore.All All);

    private sealed record StoreFailed(Exception Error);

    private sealed record Stored;

    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);

    private readonly RunSpec _run;
    private readonly string _domain;
    private readonly RunSpec.DomainPlan _plan;
    private readonly Genome _stock;
    private readonly IReadOnlyDictionary<string, TrialResult> _recorded;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _recorder;
    private readonly IActorRef _dispatcher;
    private readonly IActorRef _store;
    private readonly Dictionary<string, Baseline> _baselines = new();
    private readonly Dictionary<string, BaselineRecord> _records = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private BaselineStore.All _fromStore = new(new Dictionary<string, BaselineStore.Stored>());

    /// <param name="stores">the BaselineStore shard region (or anything that answers its protocol)</param>
    public static Props Props(DomainState s, IActorRef coordinator, IActorRef recorder, IActorRef dispatcher, IActorRef stores)
    {
        var recorded = new Dictionary<string, TrialResult>(s.BaselineTrials);
        var run = s.Run!;
        var domain = s.Domain!;
        return Started.By(() => new BaselinePhase(run, domain, recorded, coordinator, recorder, dispatcher, stores));
    }

    public BaselinePhase(RunSpec run, string domain, IReadOnlyDictionary<string, TrialResult> recorded, IActorRef coordinator,
        IActorRef recorder, IActorRef dispatcher, IActorRef stores)
    {
        _run = run;
        _domain = domain;
        _plan = run.Plan(domain);
        _stock = StockGenome(_plan);
        _recorded = recorded;
        _coordinator = coordinator;
        _recorder = recorder;
        _dispatcher = dispatcher;
        _store = stores;
        Receive<StoreFailed>(f =>
        {
            coordinator.Tell(new DomainCoordinator.PhaseFailed("baseline store unavailable: " + f.Error.Message));
            Context.Stop(Self);
        });
        Receive<FromStore>(OnFromStore);
        Receive<CandidateEvaluator.Measured>(OnMeasured);
        Receive<Stored>(_ =>
        {
            coordinator.Tell(new DomainCoordinator.BaselinesReady(_baselines, _records, Drifts()));
            Context.Stop(Self);
        });
        Receive<Terminated>(_ =>
        {
            _log.Error("the measurement of the baselines of {0} stopped without an answer", domain);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() =>
        _store.Ask<BaselineStore.All>(new BaselineStore.GetAll(_domain, _run.NodeClass), StoreTimeout)
            .PipeTo(Self, success: all => new FromStore(all), failure: e => new StoreFailed(e));

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    private void OnFromStore(FromStore f)
    {
        _fromStore = f.All;
        var maxAge = Context.System.Settings.Config.GetTimeSpan("dream.baselines.max-age", DefaultMaxAge);
        var missing = new List<RegimeSpec>();
        foreach (var regime in _plan.Regimes)
        {
            if (f.All.ByRegime.TryGetValue(regime.Name, out var stored)
                && stored.FreshFor(Fingerprint(_plan, regime, _stock), maxAge, DateTimeOffset.UtcNow))
            {
                _baselines[regime.Name] = stored.Baseline;
                _records[regime.Name] = stored.Record;
            }
            else missing.Add(regime);
        }
        if (missing.Count == 0)
        {
            _coordinator.Tell(new DomainCoordinator.BaselinesReady(_baselines, _records, Drifts()));
            Context.Stop(Self);
            return;
        }
        Context.Watch(Context.ActorOf(CandidateEvaluator.Props(_run, _domain, DomainState.Baseline, _stock, missing, _recorded,
            _recorder, _dispatcher, Self), "measure"));
    }

    private void OnMeasured(CandidateEvaluator.Measured m)
    {
        Context.Unwatch(Sender);
        var fresh = new List<BaselineStore.Stored>();
        foreach (var regime in _plan.Regimes)
        {
            if (_baselines.ContainsKey(regime.Name)) continue;
            var r = BaselineMeasurement.Of(_run, _domain, regime, _stock, m.Results, DateTimeOffset.UtcNow);
            if (r.Error != null)
            {
                _coordinator.Tell(new DomainCoordinator.PhaseFailed(r.Error));
                Context.Stop(Self);
                return;
            }
            _baselines[regime.Name] = r.Baseline!;
            _records[regime.Name] = r.Record!;
            fresh.Add(new BaselineStore.Stored(r.Baseline!, r.Record!, Fingerprint(_plan, regime, _stock)));
        }
        var log = _log;
        _store.Ask<Done>(new BaselineStore.Record(_domain, _run.NodeClass, fresh), StoreTimeout).PipeTo(Self,
            success: _ => new Stored(),
            failure: e =>
            {
                log.Warning("baselines measured but not stored for later runs: {0}", e.Message);
                return new Stored();
            });
    }

    /// <summary>
    /// The drift of each baseline this run measured (its record is no older than the run, so a resumed run that finds
    /// it already stored decides the same) from the one it replaced: the anomalies, and each KPI's ratio as a metric.
    /// </summary>
    private IReadOnlyList<DomainEvent.AnomalyDetected> Drifts()
    {
        var started = Timestamps.ToSecond(Timestamps.ParseUtc(_run.StartedAtUtc));
        var found = new List<DomainEvent.AnomalyDetected>();
        foreach (var (regime, record) in _records.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (record.Timestamp < started) continue;
            var previous = _fromStore.ByRegime.TryGetValue(regime, out var current) && current.Record.BaselineId != record.BaselineId
                ? current.Record
                : _fromStore.Previous?.TryGetValue(regime, out var before) == true ? before.Record : null;
            if (previous is null) continue;
            foreach (var (kpi, ratio) in Anomalies.DriftRatios(previous, record))
                Metrics.Metrics.Get(Context.System).BaselineDrift(_domain, regime, kpi, ratio);
            found.AddRange(Anomalies.BaselineDriftOf(regime, previous, record, Timestamps.Utc(record.Timestamp)));
        }
        return found;
    }

    /// <summary>The stock configuration: declared defaults; knobs without one are left as found on the node.</summary>
    public static Genome StockGenome(RunSpec.DomainPlan plan) =>
        new(plan.Domain.Knobs.Where(k => k.Stock != null).Select(k => new KeyValuePair<string, object>(k.Name, k.Stock!)));

    /// <summary>What was measured: the regime, the stock genome and the trial count, so that a changed one is measured anew.</summary>
    public static string Fingerprint(RunSpec.DomainPlan plan, RegimeSpec regime, Genome stock) =>
        Hashing.Sha256(JournalJson.Text(w => JournalJson.Write(w, regime)) + "|" + stock.Key() + "|" + plan.Execution.Trials);
}
