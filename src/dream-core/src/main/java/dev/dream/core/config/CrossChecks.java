package dev.dream.core.config;

import dev.dream.core.domain.Knob;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks that need more than one file at once, run after every file is read. (Names that one file uses for
 * another's domains, KPIs and knobs are checked while reading, through {@link Catalog}.)
 */
final class CrossChecks {
  private CrossChecks() {}

  /** What the sim workload reports (DESIGN.md section 3), so a sim domain must define these KPIs. */
  static final List<String> SIM_KPIS = List.of("perf", "p95_ms", "watts");

  static void run(
      Catalog catalog, Source regimesSrc, RegimesParser.Parsed regimes, Source capsSrc, CapsParser.Parsed caps) {
    if (regimes.readable()) {
      everyDomainHasRegimes(catalog, regimes);
      simDomains(catalog, regimesSrc, regimes);
    }
    if (regimes.readable() && caps.readable() && caps.minSuccessfulAt() != null) {
      int trials = regimes.execution().trials();
      int needed = caps.caps().global().minSuccessfulTrials();
      if (needed > trials) {
        // The original asked for 7 successes out of 10 while running 3 trials: nothing could ever pass.
        capsSrc.problem(caps.minSuccessfulAt(),
            "min_successful_trials " + needed + " is more than execution.trials " + trials + " in regimes.yaml,"
                + " so no candidate could ever be judged",
            "lower min_successful_trials to " + trials + " or less, or raise execution.trials");
      }
    }
  }

  private static void everyDomainHasRegimes(Catalog catalog, RegimesParser.Parsed regimes) {
    for (ParsedDomain d : catalog.all()) {
      if (d.readable() && !regimes.regimes().containsKey(d.name())) {
        d.source().problem(d.anchor(), "domain '" + d.name() + "' has no regimes in regimes.yaml, so it cannot be run",
            "add domains: {" + d.name() + ": {normal: {workload: {kind: builtin-cpu, load: 0.5}, duration_s: 15}}}"
                + " to regimes.yaml, or remove domains/" + d.name() + ".yaml");
      }
    }
  }

  /**
   * The sim workload touches nothing on the machine, so it cannot read any knob's value in force: every knob
   * needs a declared default for the baseline. And it reports perf, p95_ms and watts, which the domain must
   * define to receive them.
   */
  private static void simDomains(Catalog catalog, Source regimesSrc, RegimesParser.Parsed regimes) {
    for (Map.Entry<String, Node> e : regimes.simKinds().entrySet()) {
      ParsedDomain d = catalog.all().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElse(null);
      if (d == null || !d.readable()) continue;
      int line = e.getValue().getStartMark().getLine() + 1;
      for (Knob k : d.spec().knobs()) {
        if (k.stock() == null) {
          d.source().problem(d.knobKeys().get(k.name()), "knob '" + k.name() + "' has no default, and domain '"
                  + d.name() + "' is measured with the sim workload (regimes.yaml line " + line
                  + "), which cannot read a value in force",
              "add default: " + KnobParser.example(k) + " (the stock value the baseline is measured at)");
        }
      }
      for (String kpi : SIM_KPIS) {
        if (d.kpisReadable() && !d.declaredKpis().contains(kpi)) {
          regimesSrc.problem(e.getValue(), "the sim workload reports " + String.join(", ", SIM_KPIS)
                  + ", but domain '" + d.name() + "' does not define the KPI '" + kpi + "'",
              "add " + kpi + " to the kpis of domains/" + d.name() + ".yaml");
        }
      }
    }
  }
}
