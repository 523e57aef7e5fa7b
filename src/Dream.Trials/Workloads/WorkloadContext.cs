using Dream.Trials.Processes;

namespace Dream.Trials.Workloads;

/// <summary>
/// What a workload sees of its trial: the spec, its parameters, the knob values given to it, and the executor's
/// cancellation.
/// <para>
/// <see cref="Params"/> is the regime's workload parameters, completed by the candidate's <c>workload-arg</c> knob
/// values for the parameters the regime leaves out. A value the regime writes out is a condition of the regime and
/// stays (an idle regime's <c>threads: 1</c> stays 1 whatever the candidate's threads knob says); a parameter
/// written as <c>"{knob}"</c> takes that knob's value (see <see cref="KnobValue"/>), which is how a regime hands a
/// knob to its workload explicitly.
/// </para>
/// </summary>
public sealed class WorkloadContext
{
    private readonly string? _scratchDir;
    private readonly Action<string, double> _live;
    private readonly CancellationTokenSource _cancelled = new();
    private readonly List<Action> _cancelHooks = new();
    private readonly object _scratchLock = new();

    public WorkloadContext(
        TrialSpec spec,
        IReadOnlyDictionary<string, object> knobArgs,
        IReadOnlyDictionary<string, string> env,
        string? scratchDir,
        Action<string, double>? live)
        : this(spec, knobArgs, env, Placement.None, scratchDir, live, IProcessRecorder.None)
    {
    }

    /// <param name="processes">where the processes this workload starts are journaled (see <see cref="IProcessRecorder"/>)</param>
    public WorkloadContext(
        TrialSpec spec,
        IReadOnlyDictionary<string, object> knobArgs,
        IReadOnlyDictionary<string, string> env,
        Placement? placement,
        string? scratchDir,
        Action<string, double>? live,
        IProcessRecorder? processes)
    {
        Spec = spec;
        Processes = processes ?? IProcessRecorder.None;
        KnobArgs = new Dictionary<string, object>(knobArgs).AsReadOnly();
        Env = new Dictionary<string, string>(env).AsReadOnly();
        // Knob arguments first, then the regime's own values over them, in that order (Dictionary keeps it: nothing is removed).
        var merged = new Dictionary<string, object>(knobArgs);
        foreach (var (k, v) in spec.RegimeSpec.Workload.Params) merged[k] = Resolve(v);
        Params = merged.AsReadOnly();
        Placement = placement ?? Placement.None;
        _scratchDir = scratchDir;
        _live = live ?? ((_, _) => { });
    }

    public TrialSpec Spec { get; }

    /// <summary>The regime's workload parameters completed by the knob arguments (see the class summary).</summary>
    public IReadOnlyDictionary<string, object> Params { get; }

    public IReadOnlyDictionary<string, object> KnobArgs { get; }

    /// <summary>Environment variables set by <c>env</c> knobs, for workloads that start processes.</summary>
    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>How the processes this workload starts are placed (CPU affinity, nice, policy, cgroup).</summary>
    public Placement Placement { get; }

    /// <summary>Where the processes this workload starts are durably noted until their trees have ended.</summary>
    public IProcessRecorder Processes { get; }

    /// <summary>Cancelled together with the trial, for waits that take a token.</summary>
    public CancellationToken CancellationToken => _cancelled.Token;

    /// <summary>A parameter that is exactly "{knob}" becomes the knob's value; anything else stays as written.</summary>
    private object Resolve(object value)
    {
        if (value is string s)
        {
            var m = Placeholders.Pattern.Match(s);
            if (m.Success && m.Index == 0 && m.Length == s.Length && KnobValue(m.Groups[1].Value) is { } v) return v;
        }
        return value;
    }

    /// <summary>
    /// The candidate's value of knob <paramref name="name"/> as the workload should see it: the value a
    /// <c>workload-arg</c> knob hands over, else the genome's value; null for an unknown name.
    /// </summary>
    public object? KnobValue(string name) =>
        KnobArgs.TryGetValue(name, out var v) ? v : Spec.Genome.Get(name);

    /// <summary>
    /// A directory this trial may write into, created on first use (most trials need none) and removed by the
    /// executor after the trial.
    /// </summary>
    public string ScratchDir()
    {
        if (_scratchDir is null) throw new InvalidOperationException("this trial has no scratch directory");
        lock (_scratchLock)
        {
            try
            {
                Directory.CreateDirectory(_scratchDir);
                return _scratchDir;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException("cannot create the trial's scratch directory " + _scratchDir, e);
            }
        }
    }

    public double WarmupS() => Spec.Execution.WarmupS;

    public double DurationS() => Spec.RegimeSpec.DurationS;

    public Params Param() => new(Params, "workload " + Spec.RegimeSpec.Workload.Kind);

    /// <summary>Reports a KPI value while the trial runs, so that caps are checked on it at once.</summary>
    public void Publish(string kpi, double value) => _live(kpi, value);

    public bool Cancelled() => _cancelled.IsCancellationRequested;

    /// <summary>
    /// Registers what stops this workload's own threads or processes on cancellation (close a socket, kill a
    /// process tree); runs at once if the trial is already cancelled.
    /// </summary>
    public void OnCancel(Action hook)
    {
        bool now;
        lock (_cancelHooks)
        {
            now = Cancelled();
            if (!now) _cancelHooks.Add(hook);
        }
        if (now) hook();
    }

    /// <summary>Called by the executor; idempotent. Hooks run on the caller's thread.</summary>
    public void Cancel()
    {
        List<Action> hooks;
        lock (_cancelHooks)
        {
            if (Cancelled()) return;
            _cancelled.Cancel();
            hooks = [.. _cancelHooks];
            _cancelHooks.Clear();
        }
        foreach (var h in hooks)
        {
            try
            {
                h();
            }
            catch (Exception)
            {
                // A failing hook must not keep the others from stopping their part of the workload.
            }
        }
    }

    /// <summary>Waits <paramref name="seconds"/> of wall-clock time; ends early with <see cref="OperationCanceledException"/> on cancel.</summary>
    public void Sleep(double seconds)
    {
        if (seconds > 0 && !double.IsNaN(seconds))
        {
            var ms = Math.Min(seconds * 1000.0, int.MaxValue - 1.0);
            _cancelled.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(ms));
        }
        if (Cancelled()) throw new OperationCanceledException("trial cancelled");
    }
}
