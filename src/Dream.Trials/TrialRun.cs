using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Dream.Core.Domain;
using Dream.Trials.CapWatch;
using Dream.Trials.Probes;
using Dream.Trials.Workloads;

namespace Dream.Trials;

/// <summary>
/// The measured part of one trial, knobs already applied: the workload runs (warm-up, then measurement) on a
/// thread of its own while this thread samples the probes every period, checks the caps on every sample and on
/// every value the workload publishes, and watches the deadline. A breach, the deadline or the caller's
/// cancellation cancels the workload at once (within one sample period of the reading that broke the cap).
/// </summary>
internal sealed class TrialRun
{
    internal sealed record Result(TrialOutcome Outcome, Readings Kpis, IReadOnlyList<CapBreach> Breaches, string? Error);

    private const int NotStarted = 0;
    private const int Running = 1;
    private const int Never = 2;

    private readonly TrialSpec _spec;
    private readonly IWorkload _workload;
    private readonly KpiPlan _plan;
    private readonly WorkloadContext _ctx;
    private readonly LocalTrialExecutor.Options _options;
    private readonly long _t0;
    private readonly List<CapBreach> _breaches = new();
    private readonly ManualResetEventSlim _finished = new(false);
    private int _state;

    /// <param name="t0">The <see cref="Stopwatch"/> timestamp the knobs were applied at: breach times count from it.</param>
    public TrialRun(TrialSpec spec, IWorkload workload, KpiPlan plan, WorkloadContext ctx, LocalTrialExecutor.Options options, long t0)
    {
        _spec = spec;
        _workload = workload;
        _plan = plan;
        _ctx = ctx;
        _options = options;
        _t0 = t0;
    }

    /// <summary>Caps check for values the workload publishes while it runs (called on the workload's thread).</summary>
    public void OnLive(string kpi, double value) => Check(_plan.Rename(new Dictionary<string, double> { [kpi] = value }));

    public Result Execute(CancellationToken cancel)
    {
        var probes = new PhasedProbes(_plan.Probes);
        var work = WorkloadThreads.Run<WorkloadResult?>(() =>
        {
            if (Interlocked.CompareExchange(ref _state, Running, NotStarted) != NotStarted) return null; // aborted before it began
            try
            {
                _workload.WarmUp(_ctx);
                Check(_plan.ProbeValues(probes.BeginMeasurement()));
                return _workload.Run(_ctx);
            }
            finally
            {
                try
                {
                    _workload.Close();
                }
                catch (Exception)
                {
                    // Cleaning up (a scratch file, a socket) does not change what was measured.
                }
                finally
                {
                    _finished.Set();
                }
            }
        });
        return Watch(work, probes, cancel);
    }

    private Result Watch(Task<WorkloadResult?> work, PhasedProbes probes, CancellationToken cancel)
    {
        var deadline = _t0 + (long)(LocalTrialExecutor.DeadlineS(_spec, _options) * Stopwatch.Frequency);
        var period = (long)(_options.SamplePeriod.TotalSeconds * Stopwatch.Frequency);
        var nextSample = Stopwatch.GetTimestamp();
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= nextSample)
            {
                Check(_plan.ProbeValues(probes.Sample()));
                nextSample = Stopwatch.GetTimestamp() + period;
            }
            if (HasBreaches()) return Abort(TrialOutcome.CapBreach, DescribeBreaches());
            // The node is stopping: the workload must not go on without anyone watching its caps.
            if (cancel.IsCancellationRequested) return Abort(TrialOutcome.Failed, "trial interrupted: this node is stopping");
            now = Stopwatch.GetTimestamp();
            if (now >= deadline) return Abort(TrialOutcome.Timeout, DescribeDeadline());
            var wait = TimeSpan.FromSeconds(Math.Max(0, Math.Min(nextSample, deadline) - now) / (double)Stopwatch.Frequency);
            try
            {
                if (work.Wait(wait, cancel)) return Finish(work.Result!, probes);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Seen at the top of the loop.
            }
            catch (AggregateException e)
            {
                if (HasBreaches()) return Abort(TrialOutcome.CapBreach, DescribeBreaches());
                return new Result(TrialOutcome.Failed, Readings.Empty, [], Describe(e));
            }
        }
    }

    private Result Finish(WorkloadResult r, PhasedProbes probes)
    {
        var kpis = _plan.Merge(r, probes.Finish());
        Check(kpis.Values);
        if (HasBreaches()) return new Result(TrialOutcome.CapBreach, Readings.Empty, Snapshot(), DescribeBreaches());
        return new Result(TrialOutcome.Ok, kpis, [], null);
    }

    private Result Abort(TrialOutcome outcome, string why)
    {
        _ctx.Cancel();
        var neverStarted = Interlocked.CompareExchange(ref _state, Never, NotStarted) == NotStarted;
        var error = why;
        var graceMs = (long)_options.CancelGrace.TotalMilliseconds;
        if (!neverStarted && !_finished.Wait(_options.CancelGrace))
            error += $"; the workload did not stop within {graceMs} ms of being cancelled and was abandoned";
        return new Result(outcome, Readings.Empty, Snapshot(), error);
    }

    /// <summary>
    /// Records each cap the first time it is crossed: samples that arrive while the trial is being aborted repeat
    /// the same breach and would only blur when it happened.
    /// </summary>
    private void Check(IReadOnlyDictionary<string, double> values)
    {
        var atS = (Stopwatch.GetTimestamp() - _t0) / (double)Stopwatch.Frequency;
        lock (_breaches)
        {
            foreach (var b in CapCheck.Check(_spec.Caps, values, _spec.Regime, _spec.Index, atS))
                if (!_breaches.Any(old => old.Kpi == b.Kpi && old.Bound == b.Bound)) _breaches.Add(b);
        }
    }

    private bool HasBreaches()
    {
        lock (_breaches) return _breaches.Count > 0;
    }

    private IReadOnlyList<CapBreach> Snapshot()
    {
        lock (_breaches) return _breaches.ToList().AsReadOnly();
    }

    private string DescribeBreaches()
    {
        var parts = Snapshot().Select(b =>
            $"cap {b.Kpi} {b.Bound} {Num(b.Limit)} broken: {Num(b.Value)} at {b.AtS.ToString("F2", CultureInfo.InvariantCulture)} s");
        return string.Join("; ", parts) + "; trial aborted and knobs restored";
    }

    private string DescribeDeadline() =>
        $"trial ran past its deadline of {LocalTrialExecutor.DeadlineS(_spec, _options).ToString("F2", CultureInfo.InvariantCulture)} s "
        + $"((warmup {Num(_spec.Execution.WarmupS)} s + duration {Num(_spec.RegimeSpec.DurationS)} s) x timeout_multiplier "
        + $"{Num(_spec.Execution.TimeoutMultiplier)}, at most max_trial_duration_s {Num(_spec.Global.MaxTrialDurationS)}); workload cancelled";

    /// <summary>An error in words: an argument error's own message (it names the parameter), else the type and message.</summary>
    internal static string Describe(Exception? e)
    {
        while (e is AggregateException { InnerException: not null } or TargetInvocationException { InnerException: not null })
            e = e.InnerException;
        if (e is null) return "unknown failure";
        if (e is ArgumentException && !string.IsNullOrEmpty(e.Message)) return e.Message;
        return e.GetType().Name + (string.IsNullOrEmpty(e.Message) ? "" : ": " + e.Message);
    }

    private static string Num(double d) =>
        d == Math.Round(d) && Math.Abs(d) < 1e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : Canonical.FormatDouble(d);
}
