using Dream.Core.Domain;

namespace Dream.Trials;

/// <summary>
/// Everything a node needs to run one trial, self-contained so that it can travel to any runner.
/// <see cref="TrialId"/> is <c>{run}/{domain}/{cand}/{regime}/{k}</c> (cand is <c>baseline</c> for baseline
/// trials); <see cref="Index"/> is k, from 0.
/// </summary>
public sealed record TrialSpec(
    string TrialId,
    string RunId,
    string Domain,
    string CandId,
    string Regime,
    int Index,
    Genome Genome,
    DomainSpec DomainSpec,
    RegimeSpec RegimeSpec,
    ExecutionSpec Execution,
    IReadOnlyDictionary<string, Cap> Caps,
    GlobalCaps Global,
    long RunSeed,
    bool AllowSystemChanges)
{
    /// <summary>
    /// The longest this trial's workload may take, in seconds: (warm-up + duration) × timeout_multiplier, or
    /// warm-up + a command's own <c>timeout_s</c> when that is longer (a command may need more time than it
    /// measures: starting an interpreter, generating its input), never more than max_trial_duration_s. The runner
    /// kills the workload there, and the dispatcher's lease follows the same figure.
    /// </summary>
    public double DeadlineS()
    {
        var planned = (Execution.WarmupS + RegimeSpec.DurationS) * Execution.TimeoutMultiplier;
        if (RegimeSpec.Workload.Params.TryGetValue("timeout_s", out var t) && t is long or double)
            planned = Math.Max(planned, Execution.WarmupS + Convert.ToDouble(t, System.Globalization.CultureInfo.InvariantCulture));
        return Math.Min(planned, Global.MaxTrialDurationS);
    }

    /// <summary>The stable id <c>{run}/{domain}/{cand}/{regime}/{k}</c> (Java's static <c>trialId</c>).</summary>
    public static string IdOf(string runId, string domain, string candId, string regime, int index) =>
        runId + "/" + domain + "/" + candId + "/" + regime + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
