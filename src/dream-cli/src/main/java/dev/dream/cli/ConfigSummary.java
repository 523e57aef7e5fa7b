package dev.dream.cli;

import dev.dream.core.config.DreamConfig;
import dev.dream.core.domain.DomainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The short per-domain table that {@code dream validate} prints for a valid config. */
final class ConfigSummary {
  private static final String[] HEADER = {"domain", "knobs", "kpis", "caps", "regimes"};

  private ConfigSummary() {}

  static String table(DreamConfig config) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Map.Entry<String, DomainSpec> e : new TreeMap<>(config.domains()).entrySet()) {
      String domain = e.getKey();
      rows.add(
          new String[] {
            domain,
            String.valueOf(e.getValue().knobs().size()),
            String.valueOf(e.getValue().kpis().size()),
            String.valueOf(config.caps().forDomain(domain).size()),
            String.join(", ", regimes(config, domain))
          });
    }
    int[] width = new int[HEADER.length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) line.append("  ");
        // Counts are right-aligned, names left-aligned.
        boolean numeric = i >= 1 && i <= 3;
        line.append(numeric ? pad(r[i], width[i], true) : pad(r[i], i == r.length - 1 ? 0 : width[i], false));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** E.g. {@code 2 domains, 7 regimes}. */
  static String totals(DreamConfig config) {
    int domains = config.domains().size();
    int regimes = 0;
    for (String d : config.domains().keySet()) regimes += regimes(config, d).size();
    return plural(domains, "domain") + ", " + plural(regimes, "regime");
  }

  private static List<String> regimes(DreamConfig config, String domain) {
    return List.copyOf(config.regimes().getOrDefault(domain, Map.of()).keySet());
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String pad(String s, int width, boolean right) {
    String spaces = " ".repeat(Math.max(0, width - s.length()));
    return right ? spaces + s : s + spaces;
  }
}
