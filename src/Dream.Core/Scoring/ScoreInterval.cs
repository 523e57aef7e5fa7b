using Dream.Core.Statistics;

namespace Dream.Core.Scoring;

/// <summary>
/// The confidence interval of the overall score.
/// <para>The score depends on the candidate's and the baseline's trials of every regime; each of those is an
/// independent sample. With at least <see cref="CiOptions.MinBootstrapN"/> trials in every sample, a stratified
/// bootstrap resamples every sample (a trial's KPIs together) and recomputes the overall score; the interval is
/// BCa (acceleration from the jackknife over every trial of every sample) or percentile, read at the expanded
/// level of the smallest sample. With fewer trials (the usual 3 per regime) the bootstrap would under-cover
/// badly, so the score's variance comes from the delta method instead (Var ≈ Σ_samples Var(gradient · trial
/// vector) / n) with a Student-t quantile on Welch–Satterthwaite degrees of freedom.</para>
/// </summary>
internal static class ScoreInterval
{
    public sealed record Result(Interval? Interval, IReadOnlyList<string> Notes);

    public static Result Of(ScoreModel model, CiOptions options, long seed, string stream)
    {
        var notes = new List<string>();
        if (model.BaselineFixedSomewhere)
            notes.Add("score_ci95: some baseline KPIs have no trial values, only means; their uncertainty is not included");
        var minN = int.MaxValue;
        foreach (var s in model.Samples) minN = Math.Min(minN, s.N);
        if (minN < 2)
        {
            notes.Add("score_ci95: no interval, a regime has a single trial (candidate or baseline), so no spread is known");
            return new Result(null, notes);
        }
        var interval = options.Bootstraps(minN)
            ? Bootstrap(model, options, minN, RandomStreams.IndicesOf(seed, stream))
            : DeltaMethod(model, options.Level);
        return new Result(interval, notes);
    }

    private static Interval Bootstrap(ScoreModel model, CiOptions options, int minN, ResampleIndices rng)
    {
        var replicates = new double[options.Resamples];
        var cm = model.CandidateMeans();
        var bm = model.BaselineMeans();
        // One buffer of means per sample, refilled by every replicate: Overwrite copies them into cm and bm, and a
        // fresh array per sample and replicate was millions of short-lived arrays per generation.
        var means = model.Samples.Select(s => new double[s.Terms.Length]).ToArray();
        for (var b = 0; b < replicates.Length; b++)
        {
            // every mean with trials belongs to exactly one sample, so each replicate overwrites all of them; the rest stay at the point
            for (var i = 0; i < means.Length; i++)
            {
                var s = model.Samples[i];
                ScoreModel.Overwrite(s, ResampledMeans(s, rng, means[i]), cm, bm);
            }
            replicates[b] = model.Score(cm, bm);
        }
        var jackknife = new List<double[]>();
        foreach (var s in model.Samples)
        {
            var leaveOneOut = new double[s.N];
            for (var i = 0; i < s.N; i++) leaveOneOut[i] = model.ScoreWith(s, MeansWithout(s, i));
            jackknife.Add(leaveOneOut);
        }
        var level = BootstrapInterval.ExpandedLevel(options.Level, minN);
        return BootstrapInterval.Of(model.Point(), replicates, BootstrapInterval.Acceleration(jackknife), options.Method, level);
    }

    private static Interval DeltaMethod(ScoreModel model, double level)
    {
        var variance = 0.0;
        var dfDenominator = 0.0;
        foreach (var s in model.Samples)
        {
            var g = model.Gradient(s);
            var linear = new double[s.N];
            for (var i = 0; i < s.N; i++)
                for (var c = 0; c < g.Length; c++) linear[i] += g[c] * s.Rows[i][c];
            var sd = Stats.Stdev(linear);
            var v = sd * sd / s.N;
            variance += v;
            dfDenominator += v * v / (s.N - 1);
        }
        if (variance == 0) return ConfidenceIntervals.StudentT(model.Point(), 0, 1, level);
        var df = variance * variance / dfDenominator;
        return ConfidenceIntervals.StudentT(model.Point(), Math.Sqrt(variance), df, level);
    }

    private static double[] ResampledMeans(ScoreModel.Sample s, ResampleIndices rng, double[] sums)
    {
        var n = s.N;
        Array.Clear(sums);
        Span<int> picks = n <= 256 ? stackalloc int[n] : new int[n];
        rng.Fill(picks, n);
        for (var k = 0; k < n; k++)
        {
            var row = s.Rows[picks[k]];
            for (var c = 0; c < sums.Length; c++) sums[c] += row[c];
        }
        for (var c = 0; c < sums.Length; c++) sums[c] /= n;
        return sums;
    }

    private static double[] MeansWithout(ScoreModel.Sample s, int left)
    {
        var sums = new double[s.Terms.Length];
        for (var i = 0; i < s.N; i++)
            if (i != left)
                for (var c = 0; c < sums.Length; c++) sums[c] += s.Rows[i][c];
        for (var c = 0; c < sums.Length; c++) sums[c] /= s.N - 1;
        return sums;
    }
}
