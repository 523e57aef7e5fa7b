using Akka.Actor;
using Akka.Event;
using Dream.Cluster.Dispatch;
using Dream.Core.Domain;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// Plans the (regime × trial) work of one candidate, asks the dispatcher for the trials not yet recorded, retries
/// failed ones as regimes.yaml says, stops early on a cap breach or too many failures, and answers with every
/// recorded outcome once the journal has them all.
/// </summary>
public sealed class CandidateEvaluator : ReceiveActor, IWithTimers
{
    /// <summary>Every recorded outcome of the candidate's trials (aborted trials are simply absent).</summary>
    public sealed record Measured(string CandId, IReadOnlyDictionary<string, TrialResult> Results);

    private sealed class Resubmit
    {
        public static readonly Resubmit Instance = new();
    }

    /// <summary>How often outstanding trials are submitted again, in case the dispatcher moved to another node.</summary>
    public static readonly TimeSpan ResubmitEvery = TimeSpan.FromSeconds(20);

    private readonly RunSpec _run;
    private readonly RunSpec.DomainPlan _plan;
    private readonly string _domain;
    private readonly string _candId;
    private readonly IActorRef _recorder;
    private readonly IActorRef _dispatcher;
    private readonly IActorRef _replyTo;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly Dictionary<string, TrialResult> _results = new();
    private readonly Dictionary<string, TrialSpec> _outstanding = new();
    private readonly Dictionary<string, TrialResult> _recording = new();
    private readonly Dictionary<string, int> _attempts = new();
    private bool _aborted;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="recorded">outcomes already in the journal; copied, never shared</param>
    /// <param name="only">just these (regime, trial index) pairs, as a race's block asks; null: every regime × trial</param>
    public static Props Props(RunSpec run, string domain, string candId, Genome genome, IReadOnlyList<RegimeSpec> regimes,
        IReadOnlyDictionary<string, TrialResult> recorded, IActorRef recorder, IActorRef dispatcher, IActorRef replyTo,
        IReadOnlyCollection<(string Regime, int Trial)>? only = null)
    {
        var copy = new Dictionary<string, TrialResult>(recorded);
        var planned = only?.ToHashSet();
        return Started.By(() => new CandidateEvaluator(run, domain, candId, genome, regimes, copy, recorder, dispatcher, replyTo, planned));
    }

    public CandidateEvaluator(RunSpec run, string domain, string candId, Genome genome, IReadOnlyList<RegimeSpec> regimes,
        IReadOnlyDictionary<string, TrialResult> recorded, IActorRef recorder, IActorRef dispatcher, IActorRef replyTo,
        IReadOnlySet<(string Regime, int Trial)>? only = null)
    {
        _run = run;
        _plan = run.Plan(domain);
        _domain = domain;
        _candId = candId;
        _recorder = recorder;
        _dispatcher = dispatcher;
        _replyTo = replyTo;
        foreach (var regime in regimes)
        {
            for (var k = 0; k < _plan.Execution.Trials; k++)
            {
                if (only != null && !only.Contains((regime.Name, k))) continue;
                var id = TrialIds.Of(run.RunId, domain, candId, regime.Name, k);
                if (recorded.TryGetValue(id, out var done))
                {
                    _results[id] = done;
                    continue;
                }
                _outstanding[id] = new TrialSpec(id, run.RunId, domain, candId, regime.Name, k, genome, _plan.Domain, regime,
                    _plan.Execution, _plan.Caps, _plan.Global, run.Seed, run.AllowSystemChanges);
            }
        }
        if (ShouldAbort())
        {
            _aborted = true;
            _outstanding.Clear();
        }
        Receive<TrialDispatcher.Completed>(c => OnTrial(c.Result));
        Receive<TrialRecorder.Recorded>(r => OnRecorded(r.TrialId));
        Receive<Resubmit>(_ => SubmitOutstanding());
    }

    protected override void PreStart()
    {
        if (_outstanding.Count == 0)
        {
            Finish();
            return;
        }
        SubmitOutstanding();
        Timers.StartPeriodicTimer("resubmit", Resubmit.Instance, ResubmitEvery);
    }

    private void SubmitOutstanding()
    {
        foreach (var spec in _outstanding.Values) Submit(spec);
    }

    private void Submit(TrialSpec spec) => _dispatcher.Tell(new TrialDispatcher.Submit(spec, _run.NodeClass, Self));

    private void OnTrial(TrialResult result)
    {
        if (!_outstanding.TryGetValue(result.TrialId, out var spec)) return; // a duplicate, or a trial cancelled by an abort
        var attempt = _attempts[result.TrialId] = _attempts.GetValueOrDefault(result.TrialId) + 1;
        if (result.IsFailure() && attempt <= _plan.Execution.Retries)
        {
            _log.Info("trial {0} failed ({1}); retry {2} of {3}", result.TrialId, result.Error, attempt, _plan.Execution.Retries);
            Submit(spec);
            return;
        }
        _outstanding.Remove(result.TrialId);
        _recording[result.TrialId] = result;
        _recorder.Tell(new TrialRecorder.Record(result));
    }

    private void OnRecorded(string trialId)
    {
        if (_recording.Remove(trialId, out var r)) _results[trialId] = r;
        if (!_aborted && ShouldAbort())
        {
            _aborted = true;
            _dispatcher.Tell(new TrialDispatcher.Cancel(TrialIds.CandidatePrefix(_run.RunId, _domain, _candId)));
            _outstanding.Clear();
        }
        if (_outstanding.Count == 0 && _recording.Count == 0) Finish();
    }

    /// <summary>A cap breach, or more failed trials than caps.yaml allows: measuring further proves nothing.</summary>
    private bool ShouldAbort() =>
        _results.Values.Any(r => r.IsBreach()) || _results.Values.Count(r => r.IsFailure()) > _plan.Global.MaxTrialFailures;

    private void Finish()
    {
        Timers.CancelAll();
        _replyTo.Tell(new Measured(_candId, new Dictionary<string, TrialResult>(_results)));
        Context.Stop(Self);
    }
}
