using Dream.Core.Domain;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using static Dream.Core.Tests.Scoring.Fixtures;

namespace Dream.Core.Tests.Scoring;

public class ScorerTests
{
    private static readonly Tolerance Tol = Tolerance.Default;
    private static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>();

    private static CandidateAssessment Assess(IReadOnlyList<RegimeEvidence> regimes) =>
        Scorer.Assess(Cpu(), Tol, regimes, CiOptions.Default, 42, "gen0_c0");

    private static RegimeEvidence Scaled(string regime, double perf, double p95, double watts) =>
        Regime(regime, 1.0, Kpis((Perf, Times(BasePerf, perf)), (P95, Times(BaseP95, p95)), (Watts, Times(BaseWatts, watts)), (Temp, BaseTemp)));

    private static RegimeEvidence Scaled(string regime, double weight, double perf, double p95, double watts) =>
        Regime(regime, weight, Kpis((Perf, Times(BasePerf, perf)), (P95, Times(BaseP95, p95)), (Watts, Times(BaseWatts, watts)), (Temp, BaseTemp)));

    [Fact]
    public void Half_the_performance_never_improves()
    {
        var a = Assess([Scaled("normal", 0.5, 1, 1), Scaled("stress", 0.5, 1, 1)]);
        Assert.True(a.Safe);
        Assert.Equal(-0.5, a.ScoreV2!.Value, 1e-9);
        Assert.True(a.ScoreCi95!.Hi < 0, "interval " + a.ScoreCi95);
        Assert.False(a.ImprovesOverBaseline);
        Assert.Contains(a.ToleranceBreaks, b => b.Contains("perf_improvement_pct"));
    }

    [Fact]
    public void A_clearly_better_candidate_improves()
    {
        var a = Assess([Scaled("normal", 1.2, 0.95, 1.0), Scaled("stress", 1.2, 0.95, 0.98)]);
        // normal: 0.2 − 0.2·(−0.05) = 0.21; stress: 0.21 − 0.1·(−0.02) = 0.212; mean 0.211
        Assert.Equal(0.211, a.ScoreV2!.Value, 1e-9);
        Assert.Equal(0.21, a.Regime("normal").Score!.Value, 1e-9);
        Assert.True(a.ScoreCi95!.Lo > 0, "interval " + a.ScoreCi95);
        Assert.True(a.ToleranceBreaks.Count == 0, string.Join("; ", a.ToleranceBreaks));
        Assert.True(a.ImprovesOverBaseline);
    }

    [Fact]
    public void The_baseline_scores_zero_and_does_not_improve()
    {
        var a = Assess([Scaled("normal", 1, 1, 1), Scaled("stress", 1, 1, 1)]);
        Assert.Equal(0, a.ScoreV2!.Value, 1e-12);
        Assert.True(a.ScoreCi95!.Contains(0));
        Assert.False(a.ImprovesOverBaseline);
    }

    [Fact]
    public void An_unsafe_candidate_has_no_score()
    {
        var breached = Assess([Scaled("normal", 1.5, 0.9, 0.9), WithBreach(Scaled("stress", 1.5, 0.9, 0.9))]);
        Assert.False(breached.Safe);
        Assert.Null(breached.ScoreV2);
        Assert.Null(breached.ScoreCi95);
        Assert.False(breached.ImprovesOverBaseline);
        Assert.True(breached.Notes.Any(n => n.Contains("cpu_temp_c") && n.Contains("max")), string.Join("; ", breached.Notes));
        Assert.Contains("unsafe: regime stress trial 1: cpu_temp_c = 93.5 broke the max cap 90.0 at 12.0 s", breached.Notes);
        // the evidence is still summarised, so that the pack shows what happened
        Assert.Equal(3, breached.Regime("stress").Delta![Perf].Count);

        var s = Scaled("stress", 1.5, 0.9, 0.9);
        var judgedUnsafe = new RegimeEvidence("stress", 1, 3, 0, s.Kpis, s.Baseline, false, [], NoReasons);
        var b = Assess([Scaled("normal", 1.5, 0.9, 0.9), judgedUnsafe]);
        Assert.False(b.Safe);
        Assert.Null(b.ScoreV2);
    }

    [Fact]
    public void An_unmeasurable_watts_kpi_drops_its_term_and_is_listed()
    {
        var noWatts = Kpis((Perf, Times(BasePerf, 1.1)), (P95, Times(BaseP95, 1.02)), (Temp, BaseTemp));
        var absent = Regime("normal", 1, noWatts);
        var declared = new RegimeEvidence("stress", 1, 3, 0, noWatts, Baseline("stress"), true, [],
            Reasons((Watts, "no RAPL interface under /sys/class/powercap")));
        var a = Assess([absent, declared]);
        Assert.Equal([Watts], a.KpisUnavailable);
        // (1.1 − 1) − 0.2·(1.02 − 1) with no watts term at all
        Assert.Equal(0.1 - 0.2 * 0.02, a.ScoreV2!.Value, 1e-9);
        Assert.True(a.Notes.Any(n => n.Contains("RAPL")), string.Join("; ", a.Notes));
        Assert.True(a.Notes.Any(n => n.Contains("power_regression_pct not checked")), string.Join("; ", a.Notes));
        Assert.False(a.Means.ContainsKey(Watts));
    }

    [Fact]
    public void A_regime_whose_workload_has_no_p95_scores_without_it_while_the_others_keep_it()
    {
        // stress (weight 3): perf +10%, watts −5%, no p95 on either side: 0.1 − 0.1·(−0.05) = 0.105
        var stress = WithoutP95("stress", 3, 1.1, 0.95);
        // normal (weight 1): perf +10%, watts unchanged; p95 unchanged: 0.1; p95 +20%: 0.1 − 0.2·0.2 = 0.06
        var equal = Assess([Scaled("normal", 1, 1.1, 1.0, 1.0), stress]);
        var slower = Assess([Scaled("normal", 1, 1.1, 1.2, 1.0), stress]);

        Assert.Equal(0.1, equal.Regime("normal").Score!.Value, 1e-9);
        Assert.Equal(0.06, slower.Regime("normal").Score!.Value, 1e-9);
        Assert.Equal(0.105, slower.Regime("stress").Score!.Value, 1e-9);
        Assert.Equal((0.1 + 3 * 0.105) / 4, equal.ScoreV2!.Value, 1e-9); // 0.10375
        Assert.Equal((0.06 + 3 * 0.105) / 4, slower.ScoreV2!.Value, 1e-9); // 0.09375
        Assert.True(slower.ScoreV2 < equal.ScoreV2);

        // p95 is measured in normal: not unavailable on the node; stress says which KPI it lacked and why
        Assert.Empty(slower.KpisUnavailable);
        AssertMap(Reasons((P95, NoLatency)), slower.Regime("stress").Unavailable);
        AssertMap(NoReasons, slower.Regime("normal").Unavailable);
        Assert.True(slower.Notes.Any(n => n.Contains("dropped in regime stress only")), string.Join("; ", slower.Notes));
        // and the latency tolerance is checked where p95 exists, no longer skipped for the whole domain
        Assert.Single(slower.ToleranceBreaks);
        Assert.True(slower.ToleranceBreaks[0].Contains("regime normal") && slower.ToleranceBreaks[0].Contains(P95),
            string.Join("; ", slower.ToleranceBreaks));
        Assert.False(slower.ImprovesOverBaseline);
        Assert.True(equal.Notes.Any(n => n.Contains("latency_regression_pct for " + P95 + " not checked in regime stress")),
            string.Join("; ", equal.Notes));
    }

    [Fact]
    public void A_kpi_the_candidate_lost_where_its_baseline_has_it_is_unavailable_everywhere()
    {
        // normal's baseline measured p95, this candidate's trials there did not: not the workload's doing
        var lost = new RegimeEvidence("normal", 1, 3, 0, Kpis((Perf, Times(BasePerf, 1.1)), (Watts, BaseWatts), (Temp, BaseTemp)),
            Baseline("normal"), true, [], Reasons((P95, "the workload's latency recorder failed")));
        var a = Assess([lost, Scaled("mixed", 1, 1.1, 1.5, 1.0)]);
        Assert.Equal([P95], a.KpisUnavailable);
        // p95 is dropped in mixed too, whatever it measured there: 0.1 in both regimes
        Assert.Equal(0.1, a.ScoreV2!.Value, 1e-9);
        Assert.Equal(0.1, a.Regime("mixed").Score!.Value, 1e-9);
    }

    [Fact]
    public void A_kpi_no_regime_measures_stays_unavailable()
    {
        var a = Assess([WithoutP95("normal", 1, 1.1, 1.0), WithoutP95("stress", 1, 1.2, 1.0)]);
        Assert.Equal([P95], a.KpisUnavailable);
        Assert.Equal((0.1 + 0.2) / 2, a.ScoreV2!.Value, 1e-9);
        Assert.Equal(NoLatency, a.Regime("normal").Unavailable[P95]);
    }

    [Fact]
    public void A_weighted_regime_with_no_term_left_has_no_score_rather_than_zero()
    {
        // only p95 is weighted, and the stress regime does not produce it: its score would be made up
        var onlyP95 = new Dictionary<string, double> { [P95] = 1.0 };
        var a = Scorer.Assess(Cpu(onlyP95), Tol, [Scaled("normal", 1, 1.0, 0.9, 1.0), WithoutP95("stress", 1, 1.0, 1.0)],
            CiOptions.Default, 1, "c");
        Assert.Null(a.ScoreV2);
        Assert.True(a.Notes.Any(n => n.Contains("regime stress has a value for none")), string.Join("; ", a.Notes));
        // a regime of weight 0 takes no part in the score: the others are scored, it has no regime score
        var outside = Scorer.Assess(Cpu(onlyP95), Tol, [Scaled("normal", 1, 1.0, 0.9, 1.0), WithoutP95("stress", 0, 1.0, 1.0)],
            CiOptions.Default, 1, "c");
        Assert.Equal(0.1, outside.ScoreV2!.Value, 1e-9);
        Assert.Null(outside.Regime("stress").Score);
    }

    [Fact]
    public void A_latency_regression_blocks_improvement_even_with_a_positive_score()
    {
        var a = Assess([Scaled("normal", 1.3, 1.10, 1.0), Scaled("stress", 1.3, 1.0, 1.0)]);
        Assert.True(a.ScoreCi95!.Lo > 0, "interval " + a.ScoreCi95);
        Assert.False(a.ImprovesOverBaseline);
        Assert.Single(a.ToleranceBreaks);
        var brk = a.ToleranceBreaks[0];
        Assert.True(brk.Contains("normal") && brk.Contains(P95) && brk.Contains("latency_regression_pct") && brk.Contains("+10.00%"), brk);
    }

    [Fact]
    public void Too_little_perf_gain_is_not_an_improvement_whatever_else_scores()
    {
        // perf +0.2% (< 0.5% required), watts −20%: score 0.002 + 0.02 > 0 with a tight interval
        var a = Assess([Scaled("normal", 1.002, 1, 0.8), Scaled("stress", 1.002, 1, 0.8)]);
        Assert.True(a.ScoreCi95!.Lo > 0, "interval " + a.ScoreCi95);
        Assert.False(a.ImprovesOverBaseline);
        Assert.Contains("perf_improvement_pct", a.ToleranceBreaks[0]);
    }

    [Fact]
    public void Risk_profile_is_the_maximum_over_all_regimes()
    {
        var hot = Regime("stress", 1, Kpis((Perf, BasePerf), (P95, BaseP95), (Watts, BaseWatts), (Temp, V(80, 85, 82))));
        var cool = Regime("idle", 1, Kpis((Perf, BasePerf), (P95, BaseP95), (Watts, BaseWatts), (Temp, V(40, 41, 42))));
        var a = Assess([hot, cool]); // the hot regime is not the last one
        Assert.Equal(85, a.RiskProfile[Temp]);
        Assert.Equal(1012, a.RiskProfile[Perf]);
    }

    [Fact]
    public void A_regime_without_baseline_leaves_the_candidate_unscored()
    {
        var s = Scaled("stress", 2, 1, 1);
        var noBaseline = new RegimeEvidence("stress", 1, 3, 0, s.Kpis, null, true, [], NoReasons);
        var a = Assess([Scaled("normal", 2, 1, 1), noBaseline]);
        Assert.True(a.Safe);
        Assert.Null(a.ScoreV2);
        Assert.False(a.ImprovesOverBaseline);
        Assert.Null(a.Regime("stress").Delta);
        Assert.Null(a.Regime("stress").Score);
        Assert.True(a.Notes.Any(n => n.Contains("stress has no baseline")), string.Join("; ", a.Notes));
    }

    [Fact]
    public void Per_regime_statistics_and_regime_weighted_means()
    {
        var normal = Regime("normal", 1, Kpis((Perf, V(1100, 1110, 1090)), (P95, BaseP95), (Watts, BaseWatts), (Temp, BaseTemp)));
        var stress = Regime("stress", 3, Kpis((Perf, V(900, 905, 895)), (P95, BaseP95), (Watts, BaseWatts), (Temp, BaseTemp)));
        var a = Assess([normal, stress]);
        var n = a.Regime("normal");
        Assert.Equal(1100, n.Means[Perf], 1e-9);
        Assert.Equal(CiMethod.StudentT, n.CiMethod);
        Assert.True(n.Ci95[Perf].Contains(1100));
        var b = (1000 + 1012 + 991) / 3.0;
        Assert.Equal([1100 - b, 1110 - b, 1090 - b], n.Delta![Perf]);
        AssertMap(new Dictionary<string, double> { ["normal"] = 1100.0, ["stress"] = 900.0, ["overall"] = (1100 + 3 * 900) / 4.0 },
            a.Means[Perf]);
        Assert.True(n.PImproves[Perf] < 0.01);
        Assert.True(a.Regime("stress").PImproves[Perf] > 0.99);
        // the regime scores are weighted like the means
        Assert.Equal((n.Score!.Value + 3 * a.Regime("stress").Score!.Value) / 4, a.ScoreV2!.Value, 1e-12);
    }

    [Fact]
    public void Declared_weights_replace_the_defaults()
    {
        var a = Scorer.Assess(Cpu(new Dictionary<string, double> { [Perf] = 1.0, [Temp] = 0.5 }), Tol,
            [Scaled("normal", 1.1, 2.0, 2.0)], CiOptions.Default, 1, "c");
        // p95 and watts doubled but carry no weight; temperature unchanged
        Assert.Equal(0.1, a.ScoreV2!.Value, 1e-9);
    }

    [Fact]
    public void Failed_trials_are_not_in_the_statistics()
    {
        var r = new RegimeEvidence("normal", 1, 2, 1, Kpis((Perf, V(1100, 1120)), (P95, V(5, 5.1)), (Watts, V(50, 50.5)), (Temp, V(60, 61))),
            Baseline("normal"), true, [], NoReasons);
        var a = Assess([r]);
        Assert.Equal(1110, a.Regime("normal").Means[Perf], 1e-9);
        Assert.NotNull(a.ScoreV2);
    }

    [Fact]
    public void Same_inputs_give_the_same_assessment()
    {
        IReadOnlyList<RegimeEvidence> ev = [Scaled("normal", 1.1, 0.9, 1.05), Scaled("stress", 0.95, 1.1, 1)];
        Assert.Equal(Assess(ev), Assess(ev));
        Assert.Equal(Assess(ev).GetHashCode(), Assess(ev).GetHashCode());
    }

    [Fact]
    public void Nonsense_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Assess([]));
        Assert.Throws<ArgumentException>(() => Assess([Scaled("overall", 1, 1, 1)]));
        Assert.Throws<ArgumentException>(() => Assess([Scaled("normal", 1, 1, 1), Scaled("normal", 1, 1, 1)]));
        Assert.Throws<ArgumentException>(() => Regime("normal", 1, Kpis((Perf, V(1, double.NaN)))));
        Assert.Throws<ArgumentException>(() => new Core.Scoring.Baseline("b", new Dictionary<string, double> { [Perf] = 5.0 }, Kpis((Perf, V(1.0, 2.0)))));
    }
}
