using System.Globalization;
using System.Text;
using Dream.Core.Domain;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;
using static Dream.Core.Tests.Scoring.Fixtures;

namespace Dream.Core.Tests.Scoring;

public class ScoreIntervalTests(ITestOutputHelper output)
{
    /// <summary>True KPI means of the baseline and of the candidate (perf +10%, p95 −5%, watts +3%).</summary>
    private static readonly double[] Base = [1000, 5, 50];
    private static readonly double[] Cand = [1100, 4.75, 51.5];
    /// <summary>0.10 − 0.2·(−0.05) − 0.1·0.03 = 0.107 in every regime.</summary>
    private const double TrueScore = 0.107;

    private static readonly IReadOnlyDictionary<string, string> NoReasons = new Dictionary<string, string>();

    private static RegimeEvidence Simulated(string regime, int n, double noise, Random rng)
    {
        var @base = new double[3][];
        var cand = new double[3][];
        for (var k = 0; k < 3; k++)
        {
            @base[k] = new double[n];
            cand[k] = new double[n];
            for (var i = 0; i < n; i++)
            {
                // lognormal noise with mean 1, so that the true means are exactly Base and Cand
                @base[k][i] = Base[k] * Math.Exp(noise * Normal.Sample(rng, 0, 1) - noise * noise / 2);
                cand[k][i] = Cand[k] * Math.Exp(noise * Normal.Sample(rng, 0, 1) - noise * noise / 2);
            }
        }
        var b = Core.Scoring.Baseline.OfTrials("b_" + regime, Kpis((Perf, @base[0]), (P95, @base[1]), (Watts, @base[2])));
        return new RegimeEvidence(regime, 1, n, 0, Kpis((Perf, cand[0]), (P95, cand[1]), (Watts, cand[2])), b, true, [], NoReasons);
    }

    private static IReadOnlyList<RegimeEvidence> Experiment(int n, double noise, Random rng) =>
        [Simulated("normal", n, noise, rng), Simulated("stress", n, noise, rng)];

    private static Interval Ci(IReadOnlyList<RegimeEvidence> ev, CiOptions options, long seed, string key = "gen1_c2") =>
        Scorer.Assess(Cpu(), Tolerance.Default, ev, options, seed, key).ScoreCi95!;

    [Fact]
    public void With_enough_trials_the_score_interval_is_a_stratified_bootstrap()
    {
        var ev = Experiment(12, 0.05, RandomStreams.Of(5, "data"));
        var bca = Ci(ev, CiOptions.Default, 7);
        var again = Ci(ev, CiOptions.Default, 7);
        var otherSeed = Ci(ev, CiOptions.Default, 8);
        var pct = Ci(ev, CiOptions.Default.WithMethod(CiMethod.Percentile), 7);
        var delta = Ci(ev, CiOptions.Default.WithMinBootstrapN(100), 7);
        Assert.Equal(CiMethod.Bca, bca.Method);
        Assert.Equal(CiMethod.Percentile, pct.Method);
        Assert.Equal(CiMethod.StudentT, delta.Method);
        Assert.Equal(bca, again);
        Assert.NotEqual(bca, otherSeed);
        // two ways to the same quantity: the bootstrap and the delta method agree to within a fifth of the width
        Assert.Equal(delta.Lo, bca.Lo, 0.2 * delta.Width());
        Assert.Equal(delta.Hi, bca.Hi, 0.2 * delta.Width());
    }

    [Fact]
    public void A_single_trial_gives_no_score_interval()
    {
        var ev = Experiment(1, 0.05, RandomStreams.Of(5, "data"));
        var a = Scorer.Assess(Cpu(), Tolerance.Default, ev, CiOptions.Default, 7, "c");
        Assert.True(a.ScoreV2 > 0);
        Assert.Null(a.ScoreCi95);
        Assert.False(a.ImprovesOverBaseline);
    }

    [Fact]
    public void A_baseline_known_only_by_its_means_is_said_to_be_fixed()
    {
        var r = Experiment(3, 0.05, RandomStreams.Of(5, "data"))[0];
        var full = Scorer.Assess(Cpu(), Tolerance.Default, [r], CiOptions.Default, 7, "c");
        var @fixed = Scorer.Assess(Cpu(), Tolerance.Default, [MeansOnly(r)], CiOptions.Default, 7, "c");
        Assert.Equal(full.ScoreV2, @fixed.ScoreV2);
        Assert.True(@fixed.Notes.Any(n => n.Contains("only means")), string.Join("; ", @fixed.Notes));
        Assert.DoesNotContain(full.Notes, n => n.Contains("only means"));

        // Without the baseline's spread the interval is narrower. The Java test compared widths at 3 trials, where
        // that holds only for some data: the fixed side has Welch df 2 instead of about 4, and t(0.975, 2) = 4.30
        // against 2.78 can outweigh the dropped variance. At 30 trials the quantiles differ by 2% and it always holds.
        var many = Experiment(30, 0.05, RandomStreams.Of(5, "data/30"))[0];
        var deltaMethod = CiOptions.Default.WithMinBootstrapN(100);
        var fullMany = Scorer.Assess(Cpu(), Tolerance.Default, [many], deltaMethod, 7, "c").ScoreCi95!;
        var fixedMany = Scorer.Assess(Cpu(), Tolerance.Default, [MeansOnly(many)], deltaMethod, 7, "c").ScoreCi95!;
        Assert.True(fixedMany.Width() < fullMany.Width(), $"fixed {fixedMany} full {fullMany}");
    }

    private static RegimeEvidence MeansOnly(RegimeEvidence r) =>
        new(r.Regime, 1, r.Trials, 0, r.Kpis, new Core.Scoring.Baseline("b", r.Baseline!.Means), true, [], NoReasons);

    /// <summary>
    /// The interval follows the per-regime terms: with everything but normal's p95 the same trial after trial,
    /// normal's p95 is the only spread, and it enters the interval although the stress regime has no p95. By hand,
    /// delta method: point (0.1 − 0.2·(6/5 − 1) + 0.1)/2 = 0.08; gradient −0.5·0.2/5 = −0.02 on the candidate's p95
    /// mean (s² 0.25) and 0.5·0.2·6/25 = 0.024 on the baseline's (s² 0.04), so Var = 0.0004·0.25/3 + 0.000576·0.04/3
    /// with Welch–Satterthwaite degrees of freedom.
    /// </summary>
    [Fact]
    public void The_score_interval_carries_the_p95_of_the_regimes_that_measure_it()
    {
        var normalBase = Core.Scoring.Baseline.OfTrials("b_normal", Kpis((Perf, V(1000, 1000, 1000)), (P95, V(4.8, 5.0, 5.2)), (Watts, V(50, 50, 50))));
        var normal = new RegimeEvidence("normal", 1, 3, 0, Kpis((Perf, V(1100, 1100, 1100)), (P95, V(5.5, 6.0, 6.5)), (Watts, V(50, 50, 50))),
            normalBase, true, [], NoReasons);
        var stressBase = Core.Scoring.Baseline.OfTrials("b_stress", Kpis((Perf, V(1000, 1000, 1000)), (Watts, V(60, 60, 60))));
        var stress = new RegimeEvidence("stress", 1, 3, 0, Kpis((Perf, V(1100, 1100, 1100)), (Watts, V(60, 60, 60))),
            stressBase, true, [], Reasons((P95, NoLatency)));
        var a = Scorer.Assess(Cpu(), Tolerance.Default, [normal, stress], CiOptions.Default, 7, "c");

        var vc = 0.02 * 0.02 * 0.25 / 3;
        var vb = 0.024 * 0.024 * 0.04 / 3;
        var df = (vc + vb) * (vc + vb) / (vc * vc / 2 + vb * vb / 2);
        var expected = ConfidenceIntervals.StudentT(0.08, Math.Sqrt(vc + vb), df, 0.95);
        Assert.Equal(0.08, a.ScoreV2!.Value, 1e-12);
        Assert.Equal(CiMethod.StudentT, a.ScoreCi95!.Method);
        Assert.Equal(expected.Lo, a.ScoreCi95.Lo, 1e-9);
        Assert.Equal(expected.Hi, a.ScoreCi95.Hi, 1e-9);
        Assert.True(a.ScoreCi95.Width() > 0.02, "interval " + a.ScoreCi95);
    }

    /// <summary>
    /// Dropping a term in one regime is the same, for the point and both kinds of interval, as that regime having
    /// the KPI at exactly its baseline value in every trial on both sides.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void A_regime_without_the_kpi_intervals_like_one_where_it_never_moves(int n)
    {
        var ev = Experiment(n, 0.05, RandomStreams.Of(9, "data/" + n));
        var s = ev[1];
        var cand = s.Kpis.ToDictionary(p => p.Key, p => p.Value);
        var @base = s.Baseline!.Trials.ToDictionary(p => p.Key, p => p.Value);
        cand.Remove(P95);
        @base.Remove(P95);
        var without = new RegimeEvidence("stress", 1, n, 0, cand, Core.Scoring.Baseline.OfTrials("b", @base), true, [], Reasons((P95, NoLatency)));
        IReadOnlyList<double> flat = Enumerable.Repeat(5.0, n).ToList();
        cand[P95] = flat;
        @base[P95] = flat;
        var still = new RegimeEvidence("stress", 1, n, 0, cand, Core.Scoring.Baseline.OfTrials("b", @base), true, [], NoReasons);

        var dropped = Scorer.Assess(Cpu(), Tolerance.Default, [ev[0], without], CiOptions.Default, 7, "c");
        var flatP95 = Scorer.Assess(Cpu(), Tolerance.Default, [ev[0], still], CiOptions.Default, 7, "c");
        Assert.Equal(n < 10 ? CiMethod.StudentT : CiMethod.Bca, dropped.ScoreCi95!.Method);
        Assert.Equal(flatP95.ScoreV2!.Value, dropped.ScoreV2!.Value, 1e-12);
        Assert.Equal(flatP95.ScoreCi95!.Lo, dropped.ScoreCi95.Lo, 1e-9);
        Assert.Equal(flatP95.ScoreCi95.Hi, dropped.ScoreCi95.Hi, 1e-9);
        Assert.DoesNotContain(P95, dropped.KpisUnavailable);
    }

    /// <summary>
    /// Coverage of score_ci95 for the true score, 1,000 simulated candidates per case: the delta-method t interval
    /// at 3 and 5 trials per regime and side, the stratified BCa bootstrap at 10 and 20.
    /// </summary>
    [Fact]
    public void Score_interval_covers_the_true_score()
    {
        int[] ns = [3, 5, 10, 20];
        double[] noises = [0.05, 0.2];
        var table = new StringBuilder("score_ci95 coverage");
        foreach (var n in ns) table.Append(string.Format(CultureInfo.InvariantCulture, "   n={0,-2}", n));
        table.Append('\n');
        var fives = new List<double>();
        foreach (var noise in noises)
        {
            table.Append(string.Format(CultureInfo.InvariantCulture, "noise {0:F2}         ", noise));
            foreach (var n in ns)
            {
                var c = Coverage(n, noise);
                if (noise == 0.05) fives.Add(c);
                table.Append(string.Format(CultureInfo.InvariantCulture, "  {0:F3}", c));
            }
            table.Append('\n');
        }
        output.WriteLine(table.ToString());
        foreach (var c in fives) Assert.True(c is >= 0.92 and <= 0.975, table.ToString());
    }

    private static double Coverage(int n, double noise)
    {
        const int experiments = 1000;
        var rng = RandomStreams.Of(31, "score-coverage/" + n + "/" + noise.ToString(CultureInfo.InvariantCulture));
        var options = CiOptions.Default.WithResamples(1000);
        var covered = 0;
        for (var e = 0; e < experiments; e++)
        {
            var a = Scorer.Assess(Cpu(), Tolerance.Default, Experiment(n, noise, rng), options, e, "c");
            if (a.ScoreCi95!.Contains(TrueScore)) covered++;
        }
        return covered / (double)experiments;
    }
}
