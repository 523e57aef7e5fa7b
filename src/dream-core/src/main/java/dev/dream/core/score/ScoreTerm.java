package dev.dream.core.score;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One term of score_v2: sign·weight·(kpi/kpi_baseline − 1), sign +1 when higher is better, −1 when lower
 * is better, so that every term is positive when the candidate is better than the baseline.
 */
public record ScoreTerm(String kpi, double weight, int sign) {
  /** The weights of DESIGN.md section 4 when a domain file declares none. */
  public static final Map<Kpi.Role, Double> DEFAULT_WEIGHTS =
      Map.of(Kpi.Role.PERF, 1.0, Kpi.Role.P95, 0.2, Kpi.Role.WATTS, 0.1);

  public double coefficient() {
    return sign * weight;
  }

  /**
   * The terms of a domain, sorted by KPI name (so that the sum is computed in the same order whatever map
   * the domain came in, and equal inputs give bit-identical scores): its declared weights, or the default weights on the
   * KPIs that have the perf, p95 and watts roles. Zero weights give no term.
   */
  public static List<ScoreTerm> of(DomainSpec domain) {
    List<ScoreTerm> terms = new ArrayList<>();
    for (Kpi kpi : domain.kpis().values()) {
      Double w = domain.weights().isEmpty()
          ? (kpi.role() == null ? null : DEFAULT_WEIGHTS.get(kpi.role()))
          : domain.weights().get(kpi.name());
      if (w != null && w != 0) terms.add(new ScoreTerm(kpi.name(), w, kpi.better() == Kpi.Better.HIGHER ? 1 : -1));
    }
    for (String named : domain.weights().keySet())
      if (!domain.kpis().containsKey(named))
        throw new IllegalArgumentException("domain " + domain.name() + " weights KPI " + named + " that it does not define");
    terms.sort(Comparator.comparing(ScoreTerm::kpi));
    return terms;
  }
}
