using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>What a run makes of a trial's outcome, in one place (the Java tree repeated FAILED || TIMEOUT thrice).</summary>
public static class TrialOutcomes
{
    /// <summary>Failed or timed out: counts against max_trial_failures and may be retried.</summary>
    public static bool IsFailure(this TrialResult r) => r.Outcome.IsFailure();

    public static bool IsBreach(this TrialResult r) => r.Outcome == TrialOutcome.CapBreach;

    public static bool IsOk(this TrialResult r) => r.Outcome == TrialOutcome.Ok;
}
