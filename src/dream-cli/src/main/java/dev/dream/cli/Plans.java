package dev.dream.cli;

import dev.dream.cluster.run.RunSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.RegimeSpec;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code --dry-run}: what a run would do, and how long its trials alone would take. */
final class Plans {
  private Plans() {}

  static void print(RunSpec run, PrintWriter out) {
    out.println("dry run: nothing is measured and nothing is written");
    out.println("run " + run.runId() + "  seed " + run.seed() + "  generations " + run.generations() + "  node class " + run.nodeClass());
    double totalS = 0;
    long totalTrials = 0;
    for (String d : run.domains()) {
      RunSpec.DomainPlan p = run.plan(d);
      int pop = p.evolution().population();
      out.printf(Locale.ROOT, "%n%s: %d knobs, strategy %s, population %d, %d trials per candidate and regime%n",
          d, p.domain().knobs().size(), p.evolution().strategy(), pop, p.execution().trials());
      for (Knob k : p.domain().knobs()) {
        boolean held = k.actuator().changesSystem() && !run.allowSystemChanges();
        out.printf(Locale.ROOT, "  knob %-22s %-14s%s%n", k.name(), k.actuator().kind(),
            held ? "  held at stock (needs --allow-system-changes)" : "");
      }
      for (RegimeSpec r : p.regimes()) {
        boolean sim = "sim".equals(r.workload().kind()); // a sim trial has no machine to cool down
        double perTrial = p.execution().warmupS() + r.durationS() + (sim ? 0 : p.execution().trialDelayS());
        long n = (long) (run.generations() + 1) * pop * p.execution().trials();
        totalS += perTrial * n;
        totalTrials += n;
        out.printf(Locale.ROOT, "  regime %-10s workload %-16s %6.1f s per trial, %d trials (baseline included)%n",
            r.name(), r.workload().kind(), perTrial, n);
      }
    }
    out.printf(Locale.ROOT, "%nat most %d trials, about %.1f h of trials on one runner%n", totalTrials, totalS / 3600.0);
    out.flush();
  }
}
