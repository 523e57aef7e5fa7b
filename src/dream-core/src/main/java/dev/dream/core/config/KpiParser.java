package dev.dream.core.config;

import dev.dream.core.domain.Kpi;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Node;

/** One entry of {@code kpis:}: unit, which direction is better, and its score role (perf, p95, watts). */
final class KpiParser {
  private KpiParser() {}

  static final List<String> KEYS = List.of("unit", "better", "role");
  static final List<String> BETTER = List.of("higher", "lower");
  static final List<String> ROLES = List.of("perf", "p95", "watts");

  static Kpi parse(Source src, Node keyNode, String name, Node value) {
    YamlMap m = YamlMap.of(src, value, keyNode, "KPI '" + name + "'");
    if (m == null) return null;
    m.onlyKeys(KEYS);
    String unit = m.string("unit", true, "unit: ms");
    String better = m.string("better", true, "better: higher (or lower)");
    String role = m.string("role", false, "role: perf (or p95, watts)");
    boolean ok = unit != null && better != null;
    if (better != null && !BETTER.contains(better)) {
      src.problem(m.value("better"), "better: '" + better + "' of KPI '" + name + "' is neither higher nor lower",
          DidYouMean.fix(better, BETTER, "values"));
      ok = false;
    }
    if (role != null && !ROLES.contains(role)) {
      src.problem(m.value("role"), "unknown role '" + role + "' for KPI '" + name + "'",
          DidYouMean.fix(role, ROLES, "roles") + " (or leave role out: the KPI is then measured, capped and "
              + "reported but not scored)");
      ok = false;
    }
    if (!ok) return null;
    return new Kpi(name, unit, Kpi.Better.valueOf(better.toUpperCase(Locale.ROOT)),
        role == null ? null : Kpi.Role.valueOf(role.toUpperCase(Locale.ROOT)));
  }
}
