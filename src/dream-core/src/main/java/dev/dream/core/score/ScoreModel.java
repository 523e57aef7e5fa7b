package dev.dream.core.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overall score as a function of the candidate's and the baseline's KPI means, and the independent
 * samples of trials those means come from, so that the score can be recomputed on resampled or
 * left-out trials.
 *
 * <p>score = Σ_r ω_r Σ_{t in r} c_t (m_rt / b_rt − 1) with ω_r the regime's share of the total regime weight,
 * c_t = sign·weight of term t, m the candidate's means and b the baseline's; a term is in regime r when
 * {@link Availability#scoredIn()} says so (a regime whose workload does not produce a KPI scores without it).
 * The point, the regime scores, the resamples and the gradient all use the same terms per regime.
 */
final class ScoreModel {
  /**
   * Trials of one side (candidate or baseline) of one regime for some terms; row i holds trial i's value
   * of each of those terms, so a resample keeps a trial's KPIs together.
   */
  record Sample(int regime, boolean baseline, int[] terms, double[][] rows) {
    int n() {
      return rows.length;
    }
  }

  private final double[] share;
  private final double[] coefficient;
  /** in[r][t]: term t is part of regime r's score; where it is not, its means are never read. */
  private final boolean[][] in;
  private final double[][] candidateMeans;
  private final double[][] baselineMeans;
  private final List<Sample> samples;
  private final boolean baselineFixedSomewhere;

  private ScoreModel(double[] share, double[] coefficient, boolean[][] in, double[][] candidateMeans,
      double[][] baselineMeans, List<Sample> samples, boolean baselineFixedSomewhere) {
    this.share = share;
    this.coefficient = coefficient;
    this.in = in;
    this.candidateMeans = candidateMeans;
    this.baselineMeans = baselineMeans;
    this.samples = samples;
    this.baselineFixedSomewhere = baselineFixedSomewhere;
  }

  /**
   * Every regime must have a baseline, and values and a positive baseline mean for each term it scores (the
   * Scorer and {@link Availability} see to this first).
   */
  static ScoreModel of(Availability availability, List<RegimeEvidence> regimes) {
    List<ScoreTerm> terms = availability.scored();
    int r = regimes.size();
    int t = terms.size();
    double totalWeight = regimes.stream().mapToDouble(RegimeEvidence::weight).sum();
    if (!(totalWeight > 0)) throw new IllegalArgumentException("the regime weights sum to " + totalWeight + "; at least one must be positive");
    double[] share = new double[r];
    double[] coefficient = new double[t];
    boolean[][] in = new boolean[r][t];
    double[][] cm = new double[r][t];
    double[][] bm = new double[r][t];
    List<Sample> samples = new ArrayList<>();
    boolean fixed = false;
    for (int j = 0; j < t; j++) coefficient[j] = terms.get(j).coefficient();
    for (int i = 0; i < r; i++) {
      RegimeEvidence e = regimes.get(i);
      share[i] = e.weight() / totalWeight;
      Map<String, List<Double>> baselineTrials = new LinkedHashMap<>();
      Map<String, List<Double>> candidateTrials = new LinkedHashMap<>();
      for (int j = 0; j < t; j++) {
        String kpi = terms.get(j).kpi();
        in[i][j] = availability.scoredIn().get(i).contains(kpi);
        if (!in[i][j]) continue;
        candidateTrials.put(kpi, e.values(kpi));
        cm[i][j] = mean(e.values(kpi));
        bm[i][j] = e.baseline().means().get(kpi);
        List<Double> bt = e.baseline().trials().getOrDefault(kpi, List.of());
        if (bt.isEmpty()) fixed = true;
        else baselineTrials.put(kpi, bt);
      }
      samples.addAll(samplesOf(i, false, terms, candidateTrials));
      samples.addAll(samplesOf(i, true, terms, baselineTrials));
    }
    return new ScoreModel(share, coefficient, in, cm, bm, List.copyOf(samples), fixed);
  }

  /** Terms whose trial lists have the same length are taken as aligned by trial and form one sample. */
  private static List<Sample> samplesOf(int regime, boolean baseline, List<ScoreTerm> terms, Map<String, List<Double>> trials) {
    Map<Integer, List<Integer>> termsByLength = new LinkedHashMap<>();
    for (int j = 0; j < terms.size(); j++) {
      List<Double> values = trials.get(terms.get(j).kpi());
      if (values != null) termsByLength.computeIfAbsent(values.size(), k -> new ArrayList<>()).add(j);
    }
    List<Sample> out = new ArrayList<>();
    termsByLength.forEach((n, idx) -> {
      double[][] rows = new double[n][idx.size()];
      for (int c = 0; c < idx.size(); c++) {
        List<Double> values = trials.get(terms.get(idx.get(c)).kpi());
        for (int row = 0; row < n; row++) rows[row][c] = values.get(row);
      }
      out.add(new Sample(regime, baseline, idx.stream().mapToInt(Integer::intValue).toArray(), rows));
    });
    return out;
  }

  double point() {
    return score(candidateMeans, baselineMeans);
  }

  /** The regime's score, or null when none of its terms is measured there (it then has no score to give). */
  Double regimeScore(int regime) {
    boolean any = false;
    for (boolean b : in[regime]) any |= b;
    return any ? regimeScore(regime, candidateMeans, baselineMeans) : null;
  }

  double score(double[][] cm, double[][] bm) {
    double s = 0;
    for (int i = 0; i < share.length; i++) s += share[i] * regimeScore(i, cm, bm);
    return s;
  }

  private double regimeScore(int i, double[][] cm, double[][] bm) {
    double s = 0;
    for (int j = 0; j < coefficient.length; j++) if (in[i][j]) s += coefficient[j] * (cm[i][j] / bm[i][j] - 1);
    return s;
  }

  List<Sample> samples() {
    return samples;
  }

  /** True when some baseline KPI has only a mean: its uncertainty cannot be part of the interval. */
  boolean baselineFixedSomewhere() {
    return baselineFixedSomewhere;
  }

  /** Point means with one sample's means replaced by the given ones. */
  double scoreWith(Sample s, double[] sampleMeans) {
    double[][] cm = copy(candidateMeans);
    double[][] bm = copy(baselineMeans);
    overwrite(s, sampleMeans, cm, bm);
    return score(cm, bm);
  }

  double[][] candidateMeans() {
    return copy(candidateMeans);
  }

  double[][] baselineMeans() {
    return copy(baselineMeans);
  }

  static void overwrite(Sample s, double[] sampleMeans, double[][] cm, double[][] bm) {
    double[][] target = s.baseline() ? bm : cm;
    for (int c = 0; c < s.terms().length; c++) target[s.regime()][s.terms()[c]] = sampleMeans[c];
  }

  /**
   * ∂score/∂(mean of each of the sample's terms) at the point: ω c / b for a candidate mean,
   * −ω c m / b² for a baseline mean.
   */
  double[] gradient(Sample s) {
    double[] g = new double[s.terms().length];
    for (int c = 0; c < g.length; c++) {
      int i = s.regime();
      int j = s.terms()[c];
      double b = baselineMeans[i][j];
      g[c] = s.baseline()
          ? -share[i] * coefficient[j] * candidateMeans[i][j] / (b * b)
          : share[i] * coefficient[j] / b;
    }
    return g;
  }

  private static double mean(List<Double> xs) {
    double sum = 0;
    for (double x : xs) sum += x;
    return sum / xs.size();
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
    return out;
  }
}
