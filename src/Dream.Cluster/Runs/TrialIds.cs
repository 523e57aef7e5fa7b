namespace Dream.Cluster.Runs;

/// <summary>
/// The stable id of a trial, <c>{run}/{domain}/{cand}/{regime}/{k}</c> (cand is <c>baseline</c> for the stock
/// configuration's trials): the one place that builds and reads it.
/// </summary>
public static class TrialIds
{
    public static string Of(string runId, string domain, string candId, string regime, int index) =>
        Dream.Trials.TrialSpec.IdOf(runId, domain, candId, regime, index);

    /// <summary>The prefix of every trial id of one candidate, as the dispatcher's Cancel takes it.</summary>
    public static string CandidatePrefix(string runId, string domain, string candId) => runId + "/" + domain + "/" + candId + "/";

    // Counted from the end: a run id never contains '/', but reading from the end does not depend on it.
    public static string CandOf(string trialId) => Part(trialId, 3);

    public static string RegimeOf(string trialId) => Part(trialId, 2);

    public static int IndexOf(string trialId) => int.Parse(Part(trialId, 1), System.Globalization.CultureInfo.InvariantCulture);

    private static string Part(string trialId, int fromEnd)
    {
        var parts = trialId.Split('/');
        if (parts.Length < 5) throw new ArgumentException("not a trial id {run}/{domain}/{cand}/{regime}/{k}: " + trialId);
        return parts[^fromEnd];
    }
}
