package dev.dream.cli;

import dev.dream.cluster.report.RunFiles;
import dev.dream.cluster.run.RunSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a run as the journal projection sees it: generation, trials done of the total, the best
 * score so far with its interval, and the ETA (progressbar's own, from the trial rate).
 */
final class ProgressView {
  private final RunSpec run;
  private final RunFiles files;
  private final PrintWriter err;

  ProgressView(RunSpec run, RunFiles files, PrintWriter err) {
    this.run = run;
    this.files = files;
    this.err = err;
  }

  long total() {
    long t = 0;
    for (String d : run.domains()) {
      RunSpec.DomainPlan p = run.plan(d);
      // every candidate of every generation, and the baseline (the stock configuration: one candidate's worth)
      t += ((long) run.generations() * p.evolution().population() + 1) * p.regimes().size() * p.execution().trials();
    }
    return t;
  }

  void followUntil(CompletableFuture<?> done) throws Exception {
    try (ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("trials")
        .setInitialMax(total())
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .build()) {
      while (true) {
        update(bar);
        try {
          done.get(250, TimeUnit.MILLISECONDS);
          update(bar);
          // Elites reuse their evidence, so fewer trials run than planned: the bar ends full all the same.
          bar.maxHint(bar.getCurrent());
          return;
        } catch (TimeoutException stillRunning) {
          // keep showing progress
        }
      }
    }
  }

  private void update(ProgressBar bar) {
    long trials = 0;
    StringBuilder msg = new StringBuilder();
    for (Map.Entry<String, RunFiles.DomainProgress> e : files.progress().entrySet()) {
      RunFiles.DomainProgress p = e.getValue();
      trials += p.trials + p.baselineTrials;
      if (msg.length() > 0) msg.append(" | ");
      msg.append(e.getKey()).append(' ');
      if (!p.baselinesFixed) msg.append("baseline");
      else msg.append("gen ").append(Math.max(0, p.generation) + 1).append('/').append(run.generations());
      if (p.bestScore != null) msg.append(" best ").append(fmt(p.bestScore)).append(ci(p.bestCi));
    }
    bar.maxHint(Math.max(total(), trials));
    bar.stepTo(trials);
    bar.setExtraMessage(msg.toString());
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  static String ci(List<Double> ci) {
    return ci == null || ci.size() < 2 ? "" : String.format(Locale.ROOT, " [%+.4f, %+.4f]", ci.get(0), ci.get(1));
  }
}
