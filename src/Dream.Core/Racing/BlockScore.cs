using Dream.Core.Domain;
using Dream.Core.Scoring;

namespace Dream.Core.Racing;

/// <summary>
/// The score one trial earns in its block, in score_v2's terms: R·ω_r·Σ_t c_t (x_t / b_rt − 1) with ω_r the
/// regime's share of the regime weights, R the number of regimes, c_t = sign·weight of term t (ScoreTerm) and b the
/// regime's baseline mean. Linear in each KPI, so over a complete set of blocks the mean block score is exactly the
/// score_v2 point; and like score_v2 it is higher when better, 0 at the baseline. A term the trial did not measure, or
/// whose baseline mean is not positive, is left out (the same for every candidate of the block, which is what a
/// paired comparison needs).
/// </summary>
public static class BlockScore
{
    public static double Of(DomainSpec domain, IReadOnlyDictionary<string, double> kpis, Baseline baseline, double regimeShare,
        int regimes)
    {
        var s = 0.0;
        foreach (var term in ScoreTerm.Of(domain))
        {
            if (!kpis.TryGetValue(term.Kpi, out var x) || !double.IsFinite(x)) continue;
            if (!baseline.Means.TryGetValue(term.Kpi, out var b) || !(b > 0)) continue;
            s += term.Coefficient() * (x / b - 1);
        }
        return regimes * regimeShare * s;
    }
}
