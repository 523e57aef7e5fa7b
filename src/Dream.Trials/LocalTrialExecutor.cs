using System.Collections.Concurrent;
using System.Diagnostics;
using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Probes;
using Dream.Trials.Processes;
using Dream.Trials.Workloads;

namespace Dream.Trials;

/// <summary>
/// Runs trials on this node: apply knobs → warm up → run the regime's workload while sampling KPIs and checking
/// caps → restore knobs (in a finally block). Never throws: every failure is a result.
/// </summary>
/// <remarks>
/// Parts are pluggable: workloads (<see cref="WorkloadRegistry"/>), probes (<see cref="IProbe"/>) and knob
/// actuators (<see cref="IKnobActuator"/>, by actuator kind). One executor per journal directory: on construction
/// it kills the workload processes a crashed predecessor left running (their PIDs are journaled while they run)
/// and restores the knobs it left applied, and while anything stays undone it refuses to run trials, because every
/// measurement would be of a machine in an unknown state.
/// <para>When the process exits (Environment.Exit, or the end of Main) while trials run, a ProcessExit handler
/// cancels them, which kills their workloads' process trees, and restores their knobs before the process ends. .NET
/// does not raise ProcessExit on SIGTERM or SIGINT by itself: the host turns them into Environment.Exit (as the
/// dream command's Interruption does). Only a SIGKILL leaves the restoring to the apply-journal and the next start.</para>
/// <para>Times: a <see cref="CapBreach"/>'s AtS counts from the moment the knobs were applied, warm-up included (a
/// breach in the warm-up is as real as one after it). Knobs held at stock (system changes not allowed) are reported
/// in <see cref="TrialResult.Unavailable"/> under <c>"knob:&lt;name&gt;"</c> with the reason, so that the run can
/// say so.</para>
/// </remarks>
public sealed class LocalTrialExecutor : ITrialExecutor, IDisposable
{
    /// <summary>The key prefix, in <see cref="TrialResult.Unavailable"/>, of a knob that was held at its stock value.</summary>
    public const string HeldKnobPrefix = Dream.Core.Scoring.RegimeEvidence.HeldKnobPrefix;

    /// <param name="Node">the node name put in every result</param>
    /// <param name="JournalDir">the apply-journal directory (node-local, kept across restarts)</param>
    /// <param name="ScratchRoot">where each trial gets a scratch directory (removed after the trial)</param>
    /// <param name="SamplePeriod">how often probes are read and caps checked</param>
    /// <param name="CancelGrace">how long a cancelled workload gets to stop before it is abandoned</param>
    /// <param name="DeadlineSlack">added to a trial's planned time at the least, so that a zero-length trial has
    /// time to start; the multiplier still governs long trials</param>
    public sealed record Options(string Node, string JournalDir, string ScratchRoot, TimeSpan SamplePeriod, TimeSpan CancelGrace, TimeSpan DeadlineSlack)
    {
        public static Options Defaults(string node, string dataDir) =>
            new(node, System.IO.Path.Combine(dataDir, "apply-journal"), System.IO.Path.Combine(dataDir, "scratch"),
                TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));

        public Options WithSamplePeriod(TimeSpan d) => this with { SamplePeriod = d };

        public Options WithDeadlineSlack(TimeSpan d) => this with { DeadlineSlack = d };
    }

    /// <summary>A trial between applying its knobs and restoring them.</summary>
    private sealed record InFlight(WorkloadContext Ctx, AppliedKnobs Applied);

    private readonly ConcurrentDictionary<InFlight, byte> _inFlight = new();
    private readonly EventHandler _onExit;
    private readonly Options _options;
    private readonly WorkloadRegistry _workloads;
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly KnobApplier _applier;
    /// <summary>Set once the process's shutdown cancels the trials in flight: their failures are interruptions.</summary>
    private volatile bool _shuttingDown;
    private TimeSpan _shutdownGrace = TimeSpan.Zero;

    public ApplyJournal Journal { get; }

    /// <summary>
    /// What this executor did, when it started, with what a crashed predecessor left in the apply-journal: orphaned
    /// workload processes killed, knobs restored (empty after a clean stop).
    /// </summary>
    public IReadOnlyList<Recovered> Recovery { get; }

    /// <exception cref="IOException">the apply-journal cannot be opened or read</exception>
    public LocalTrialExecutor(Options options, WorkloadRegistry workloads, IReadOnlyList<IProbe> probes,
        IReadOnlyDictionary<string, IKnobActuator> actuators)
    {
        _options = options;
        _workloads = workloads;
        _probes = probes.ToList().AsReadOnly();
        Journal = new ApplyJournal(options.JournalDir);
        _applier = new KnobApplier(actuators, Journal);
        // Orphaned workloads first: they would go on loading the machine while the knobs are put back.
        var recovered = new List<Recovered>(OrphanedWorkloads.Sweep(Journal));
        recovered.AddRange(Journal.RestorePending(actuators));
        Recovery = recovered.AsReadOnly();
        _onExit = (_, _) => StopInFlight();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>
    /// The executor of a Linux node: every workload, the standard probes and actuators, reading and writing under
    /// <c>$DREAM_SYS_ROOT</c>.
    /// </summary>
    public static LocalTrialExecutor Standard(Options options)
    {
        var root = SysRoot.FromEnv();
        return new LocalTrialExecutor(options, WorkloadRegistry.Standard(), ProbeSet.Standard(root), Dream.Trials.Actuators.Actuators.Standard(root));
    }

    /// <summary>Trials running now; for tests.</summary>
    internal int TrialsInFlight() => _inFlight.Count;

    public void FinishTrialsOnShutdown(TimeSpan grace) => _shutdownGrace = grace;

    /// <summary>
    /// Lets the trials in flight finish for up to the shutdown grace, then cancels those left (killing their
    /// workloads) and restores their knobs; restoring is idempotent.
    /// </summary>
    internal void StopInFlight()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_shutdownGrace.TotalSeconds * Stopwatch.Frequency);
        while (!_inFlight.IsEmpty && Stopwatch.GetTimestamp() < deadline) Thread.Sleep(20);
        _shuttingDown = true;
        foreach (var f in _inFlight.Keys)
        {
            f.Ctx.Cancel();
            f.Applied.Restore();
        }
    }

    /// <summary>
    /// The deadline of a trial's workload: <see cref="TrialSpec.DeadlineS"/>, but at least the planned time plus the
    /// slack (so that a zero-length trial has time to start), and never more than max_trial_duration_s.
    /// </summary>
    public static double DeadlineS(TrialSpec spec, Options options)
    {
        var planned = spec.Execution.WarmupS + spec.RegimeSpec.DurationS;
        return Math.Min(Math.Max(spec.DeadlineS(), planned + options.DeadlineSlack.TotalSeconds), spec.Global.MaxTrialDurationS);
    }

    public TrialResult Run(TrialSpec spec) => Run(spec, CancellationToken.None);

    /// <summary>As <see cref="Run(TrialSpec)"/>; <paramref name="cancel"/> stops the trial (its knobs are restored)
    /// and fails it as interrupted, as a stopping node does.</summary>
    public TrialResult Run(TrialSpec spec, CancellationToken cancel)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return RunChecked(spec, start, cancel);
        }
        catch (Exception e)
        {
            return Result(spec, start, TrialOutcome.Failed, Readings.Empty, [], TrialRun.Describe(e), Empty);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private TrialResult RunChecked(TrialSpec spec, long start, CancellationToken cancel)
    {
        if (Unrestored() is { } stuck) return Result(spec, start, TrialOutcome.Failed, Readings.Empty, [], stuck, Empty);
        IWorkload workload;
        try
        {
            workload = _workloads.Create(spec.RegimeSpec.Workload);
        }
        catch (Exception e)
        {
            return Result(spec, start, TrialOutcome.Failed, Readings.Empty, [], TrialRun.Describe(e), Empty);
        }
        var plan = KpiPlan.Of(spec.DomainSpec, spec.Caps, spec.RegimeSpec.Workload.Kind, workload, _probes);
        AppliedKnobs applied;
        try
        {
            applied = _applier.Apply(spec, workload.StartsProcesses);
        }
        catch (KnobException e)
        {
            return Result(spec, start, TrialOutcome.Failed, Readings.Empty, [], e.Message, Empty);
        }
        TrialRun.Result r;
        IReadOnlyList<string> restoreFailures;
        string? scratch = null;
        try
        {
            scratch = System.IO.Path.Combine(_options.ScratchRoot, "trial-" + Guid.NewGuid());
            var t0 = Stopwatch.GetTimestamp();
            TrialRun? run = null;
            var ctx = new WorkloadContext(spec, applied.Args, applied.Env, applied.Placement, scratch,
                (k, v) => run?.OnLive(k, v),
                IProcessRecorder.Of((pid, argv) => Journal.RecordWorkload(spec.TrialId, pid, argv)));
            run = new TrialRun(spec, workload, plan, ctx, _options, t0);
            var f = new InFlight(ctx, applied);
            _inFlight[f] = 0;
            try
            {
                r = run.Execute(cancel);
            }
            finally
            {
                _inFlight.TryRemove(f, out _);
            }
        }
        finally
        {
            restoreFailures = applied.Restore();
            DeleteTree(scratch);
        }
        if (restoreFailures.Count > 0)
        {
            var error = (r.Error is null ? "" : r.Error + "; ") + string.Join("; ", restoreFailures);
            // A machine left changed makes the measurement worthless to compare; a cap breach stays a breach.
            var o = r.Outcome == TrialOutcome.Ok ? TrialOutcome.Failed : r.Outcome;
            var kpis = o == TrialOutcome.Ok ? r.Kpis : Readings.Empty;
            return Result(spec, start, o, kpis, r.Breaches, error, applied.Held);
        }
        // Cut short by the shutdown (a cap breach found before that stays one): not the candidate's failure.
        if (_shuttingDown && r.Outcome.IsFailure())
            return Result(spec, start, TrialOutcome.Failed, Readings.Empty, [], TrialResult.InterruptedError, applied.Held);
        return Result(spec, start, r.Outcome, r.Kpis, r.Breaches, r.Error, applied.Held);
    }

    private string? Unrestored()
    {
        var stuck = Recovery.Where(x => !x.Ok).Select(x => x.Message).ToList();
        if (stuck.Count == 0) return null;
        try
        {
            if (Journal.IsEmpty()) return null; // an operator cleared it
        }
        catch (IOException)
        {
            // fall through with what we know
        }
        return "what an earlier crash left (knobs applied, workloads running) could not be undone, so this node refuses to measure: "
            + string.Join("; ", stuck) + " (fix the machine, then remove the entries in " + Journal.Dir + ")";
    }

    private TrialResult Result(TrialSpec spec, long start, TrialOutcome outcome, Readings kpis, IReadOnlyList<CapBreach> breaches,
        string? error, IReadOnlyDictionary<string, string> held)
    {
        var unavailable = new Dictionary<string, string>();
        foreach (var (k, why) in kpis.Unavailable) unavailable[k] = why;
        foreach (var (knob, why) in held) unavailable[HeldKnobPrefix + knob] = why;
        var durationS = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        return new TrialResult(spec.TrialId, outcome, kpis.Values, unavailable, breaches.ToList().AsReadOnly(), error, durationS, _options.Node);
    }

    private static void DeleteTree(string? dir)
    {
        if (dir is null || !Directory.Exists(dir)) return;
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Scratch left behind costs disk space only; the next trial uses a fresh directory.
        }
    }

    /// <summary>Cancels the trials in flight (their own finally blocks restore their knobs) and stops watching the process's exit.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        foreach (var f in _inFlight.Keys) f.Ctx.Cancel();
    }
}
