using Dream.Core.Packs;
using Dream.Trials;

namespace Dream.Cluster.Runs;

/// <summary>
/// What counts as an anomaly of a domain, decided from journaled state alone (so a replay decides the same): a stall
/// (no improvement of the best score for K generations), a node whose trials of a generation fail far more often than
/// the other nodes' and a regime whose refreshed baseline moved beyond the previous baseline's 95% interval. Each
/// becomes a <see cref="DomainEvent.AnomalyDetected"/> in the domain's journal.
/// </summary>
public static class Anomalies
{
    public const string Stall = "stall";
    public const string NodeFailures = "node-failures";
    public const string BaselineDrift = "baseline-drift";

    /// <summary>The thresholds (dream.anomalies.* in the node's config; the defaults below).</summary>
    public sealed record Settings(int StallGenerations = 5, int NodeMinTrials = 5, double NodeExcessRate = 0.25, double NodeMinZ = 3.0)
    {
        public static readonly Settings Default = new();

        public static Settings From(Akka.Configuration.Config? c) => c is null ? Default : new(
            c.GetInt("dream.anomalies.stall-generations", Default.StallGenerations),
            c.GetInt("dream.anomalies.node-min-trials", Default.NodeMinTrials),
            c.GetDouble("dream.anomalies.node-excess-rate", Default.NodeExcessRate),
            c.GetDouble("dream.anomalies.node-min-z", Default.NodeMinZ));
    }

    /// <summary>
    /// A stall at the end of generation <c>bests.Count - 1</c>: <paramref name="bests"/> is each generation's best score
    /// (null: none safe). Reported once per stall, at the generation where it reaches K generations without a strictly
    /// better best than any before (a domain with no safe candidate at all counts from before generation 0).
    /// </summary>
    public static DomainEvent.AnomalyDetected? StallAt(IReadOnlyList<double?> bests, int k, string atUtc)
    {
        if (k <= 0 || bests.Count == 0) return null;
        int last = -1;
        double? running = null;
        for (var g = 0; g < bests.Count; g++)
            if (bests[g] is { } b && (running is null || b > running))
            {
                running = b;
                last = g;
            }
        var generation = bests.Count - 1;
        var without = generation - last;
        if (without != k) return null;
        var detail = running is { } r
            ? $"no better score_v2 than {r:+0.0000;-0.0000} (generation {last}) for {k} generations"
            : $"no safe candidate in {k} generations";
        return new DomainEvent.AnomalyDetected(generation, Stall, "domain", without, k, detail, atUtc);
    }

    /// <summary>
    /// The nodes of one generation's <paramref name="trials"/> that failed far more often than the others together:
    /// at least <see cref="Settings.NodeMinTrials"/> trials on the node and on the rest, a failure rate at least
    /// <see cref="Settings.NodeExcessRate"/> above the rest's, and a one-sided two-proportion z of at least
    /// <see cref="Settings.NodeMinZ"/>. In node order.
    /// </summary>
    public static IReadOnlyList<DomainEvent.AnomalyDetected> NodeFailuresIn(int generation, IEnumerable<TrialResult> trials, Settings s,
        string atUtc)
    {
        var byNode = trials.GroupBy(t => t.Node).ToDictionary(g => g.Key, g => (n: g.Count(), failed: g.Count(t => t.Outcome.IsFailure())),
            StringComparer.Ordinal);
        var found = new List<DomainEvent.AnomalyDetected>();
        if (byNode.Count < 2) return found;
        int total = byNode.Values.Sum(v => v.n), totalFailed = byNode.Values.Sum(v => v.failed);
        foreach (var (node, (n, failed)) in byNode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            int restN = total - n, restFailed = totalFailed - failed;
            if (n < s.NodeMinTrials || restN < s.NodeMinTrials) continue;
            double p = (double)failed / n, q = (double)restFailed / restN, pooled = (double)totalFailed / total;
            if (p - q < s.NodeExcessRate || pooled is <= 0 or >= 1) continue;
            var z = (p - q) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / restN));
            if (z < s.NodeMinZ) continue;
            found.Add(new DomainEvent.AnomalyDetected(generation, NodeFailures, node, p, q,
                $"{failed} of {n} trials failed on {node} ({p:P0}), {restFailed} of {restN} on the other nodes ({q:P0}); z = {z:0.00}",
                atUtc));
        }
        return found;
    }

    /// <summary>
    /// How far each KPI's mean of a refreshed baseline moved from the previous one, in half-widths of the previous
    /// baseline's 95% interval (above 1: beyond it). KPIs without an interval of positive width are left out.
    /// </summary>
    public static IReadOnlyList<(string Kpi, double Ratio)> DriftRatios(BaselineRecord previous, BaselineRecord refreshed)
    {
        var ratios = new List<(string, double)>();
        foreach (var (kpi, mean) in refreshed.Kpis.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!previous.Kpis.TryGetValue(kpi, out var before) || !previous.Ci95.TryGetValue(kpi, out var ci) || ci.Count != 2) continue;
            var half = (ci[1] - ci[0]) / 2;
            if (!(half > 0) || !double.IsFinite(mean) || !double.IsFinite(before)) continue;
            ratios.Add((kpi, Math.Abs(mean - before) / half));
        }
        return ratios;
    }

    /// <summary>The KPIs of a refreshed baseline that moved beyond the previous baseline's 95% interval.</summary>
    public static IReadOnlyList<DomainEvent.AnomalyDetected> BaselineDriftOf(string regime, BaselineRecord previous, BaselineRecord refreshed,
        string atUtc)
    {
        var found = new List<DomainEvent.AnomalyDetected>();
        foreach (var (kpi, ratio) in DriftRatios(previous, refreshed))
        {
            if (ratio <= 1) continue;
            var ci = previous.Ci95[kpi];
            found.Add(new DomainEvent.AnomalyDetected(-1, BaselineDrift, regime + "/" + kpi, ratio, 1,
                $"{regime} {kpi}: mean {refreshed.Kpis[kpi]:G4} against the previous baseline's {previous.Kpis[kpi]:G4} "
                + $"[{ci[0]:G4}, {ci[1]:G4}] ({previous.BaselineId}), {ratio:0.00} half-widths away", atUtc));
        }
        return found;
    }
}
