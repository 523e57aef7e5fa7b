using Dream.Core.Domain;

namespace Dream.Trials;

/// <summary>How a trial ended.</summary>
public enum TrialOutcome
{
    /// <summary>Measured, no cap broken.</summary>
    Ok,

    /// <summary>The workload or a probe failed; no measurement.</summary>
    Failed,

    /// <summary>A cap was broken: the trial was aborted and the knobs restored.</summary>
    CapBreach,

    /// <summary>The trial outran its deadline; its process tree was killed.</summary>
    Timeout,
}

/// <summary>The wire names of <see cref="TrialOutcome"/> (those of the Java tree: OK, FAILED, CAP_BREACH, TIMEOUT).</summary>
public static class TrialOutcomeNames
{
    public static string ToWire(this TrialOutcome o) => o switch
    {
        TrialOutcome.Ok => "OK",
        TrialOutcome.Failed => "FAILED",
        TrialOutcome.CapBreach => "CAP_BREACH",
        TrialOutcome.Timeout => "TIMEOUT",
        _ => throw new ArgumentOutOfRangeException(nameof(o), o, null),
    };

    public static TrialOutcome Parse(string wire) => wire switch
    {
        "OK" => TrialOutcome.Ok,
        "FAILED" => TrialOutcome.Failed,
        "CAP_BREACH" => TrialOutcome.CapBreach,
        "TIMEOUT" => TrialOutcome.Timeout,
        _ => throw new ArgumentException("not a trial outcome: " + wire),
    };

    /// <summary>A trial that produced no measurement through no fault of a cap: it failed or ran out of time.</summary>
    public static bool IsFailure(this TrialOutcome o) => o is TrialOutcome.Failed or TrialOutcome.Timeout;
}

/// <summary>
/// What one trial measured. <see cref="Kpis"/> holds only real measurements; a KPI the node could not measure is
/// in <see cref="Unavailable"/> with the reason, never given a made-up value. A failed trial carries no KPIs.
/// </summary>
public sealed record TrialResult(
    string TrialId,
    TrialOutcome Outcome,
    IReadOnlyDictionary<string, double> Kpis,
    IReadOnlyDictionary<string, string> Unavailable,
    IReadOnlyList<CapBreach> CapBreaches,
    string? Error,
    double DurationS,
    string Node)
{
    /// <summary>The error of a trial cut short because its node shut down: not a measurement, nor a failure of the candidate.</summary>
    public const string InterruptedError = "interrupted: this node is shutting down";

    public bool Succeeded() => Outcome == TrialOutcome.Ok;

    /// <summary>Cut short by its node's shutdown: to be run again, never recorded.</summary>
    public bool Interrupted() => Outcome == TrialOutcome.Failed && Error == InterruptedError;

    /// <summary>The same result, attributed to <paramref name="node"/> (the cluster member that ran it, where the executor knows only its host).</summary>
    public TrialResult WithNode(string node) => this with { Node = node };
}
