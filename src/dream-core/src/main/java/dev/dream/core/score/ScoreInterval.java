package dev.dream.core.score;

import dev.dream.core.stats.BootstrapInterval;
import dev.dream.core.stats.CiOptions;
import dev.dream.core.stats.ConfidenceIntervals;
import dev.dream.core.stats.Interval;
import dev.dream.core.stats.RandomStreams;
import dev.dream.core.stats.Stats;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The confidence interval of the overall score.
 *
 * <p>The score depends on the candidate's and the baseline's trials of every regime; each of those is an
 * independent sample. With at least {@link CiOptions#minBootstrapN()} trials in every sample, a
 * stratified bootstrap resamples every sample (a trial's KPIs together) and recomputes the overall score;
 * the interval is BCa (acceleration from the jackknife over every trial of every sample) or percentile,
 * read at the expanded level of the smallest sample. With fewer trials — the usual 3 per regime — the
 * bootstrap would under-cover badly, so the score's variance comes from the delta method instead (the
 * score is linear in each candidate mean and smooth in each baseline mean: Var ≈ Σ_samples Var(gradient ·
 * trial vector) / n) with a Student-t quantile on Welch–Satterthwaite degrees of freedom.
 */
final class ScoreInterval {
  record Result(Interval interval, List<String> notes) {}

  private ScoreInterval() {}

  static Result of(ScoreModel model, CiOptions options, long seed, String stream) {
    List<String> notes = new ArrayList<>();
    if (model.baselineFixedSomewhere())
      notes.add("score_ci95: some baseline KPIs have no trial values, only means; their uncertainty is not included");
    int minN = Integer.MAX_VALUE;
    for (ScoreModel.Sample s : model.samples()) minN = Math.min(minN, s.n());
    if (minN < 2) {
      notes.add("score_ci95: no interval, a regime has a single trial (candidate or baseline), so no spread is known");
      return new Result(null, notes);
    }
    Interval interval = options.bootstraps(minN)
        ? bootstrap(model, options, minN, RandomStreams.of(seed, stream))
        : deltaMethod(model, options.level());
    return new Result(interval, notes);
  }

  private static Interval bootstrap(ScoreModel model, CiOptions options, int minN, UniformRandomProvider rng) {
    double[] replicates = new double[options.resamples()];
    for (int b = 0; b < replicates.length; b++) {
      double[][] cm = model.candidateMeans();
      double[][] bm = model.baselineMeans();
      for (ScoreModel.Sample s : model.samples()) ScoreModel.overwrite(s, resampledMeans(s, rng), cm, bm);
      replicates[b] = model.score(cm, bm);
    }
    List<double[]> jackknife = new ArrayList<>();
    for (ScoreModel.Sample s : model.samples()) {
      double[] leaveOneOut = new double[s.n()];
      for (int i = 0; i < s.n(); i++) leaveOneOut[i] = model.scoreWith(s, meansWithout(s, i));
      jackknife.add(leaveOneOut);
    }
    double level = BootstrapInterval.expandedLevel(options.level(), minN);
    return BootstrapInterval.of(model.point(), replicates, BootstrapInterval.acceleration(jackknife), options.method(), level);
  }

  private static Interval deltaMethod(ScoreModel model, double level) {
    double variance = 0;
    double dfDenominator = 0;
    for (ScoreModel.Sample s : model.samples()) {
      double[] g = model.gradient(s);
      double[] linear = new double[s.n()];
      for (int i = 0; i < s.n(); i++)
        for (int c = 0; c < g.length; c++) linear[i] += g[c] * s.rows()[i][c];
      double sd = Stats.stdev(linear);
      double v = sd * sd / s.n();
      variance += v;
      dfDenominator += v * v / (s.n() - 1);
    }
    if (variance == 0) return ConfidenceIntervals.studentT(model.point(), 0, 1, level);
    double df = variance * variance / dfDenominator;
    return ConfidenceIntervals.studentT(model.point(), Math.sqrt(variance), df, level);
  }

  private static double[] resampledMeans(ScoreModel.Sample s, UniformRandomProvider rng) {
    int n = s.n();
    double[] sums = new double[s.terms().length];
    for (int k = 0; k < n; k++) {
      double[] row = s.rows()[rng.nextInt(n)];
      for (int c = 0; c < sums.length; c++) sums[c] += row[c];
    }
    for (int c = 0; c < sums.length; c++) sums[c] /= n;
    return sums;
  }

  private static double[] meansWithout(ScoreModel.Sample s, int left) {
    double[] sums = new double[s.terms().length];
    for (int i = 0; i < s.n(); i++)
      if (i != left) for (int c = 0; c < sums.length; c++) sums[c] += s.rows()[i][c];
    for (int c = 0; c < sums.length; c++) sums[c] /= s.n() - 1;
    return sums;
  }
}
