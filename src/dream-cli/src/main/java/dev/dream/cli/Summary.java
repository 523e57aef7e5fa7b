package dev.dream.cli;

import dev.dream.cluster.report.RunFiles;
import dev.dream.cluster.run.RunSpec;
import java.io.PrintWriter;

/** The closing lines of a run: per domain its best candidate, score and interval, and where the files are. */
final class Summary {
  private Summary() {}

  /** Prints the summary; returns 0, or 4 when no domain found a safe candidate. */
  static int print(RunSpec run, RunFiles files, PrintWriter out) {
    boolean anySafe = false;
    out.println();
    for (String domain : run.domains()) {
      RunFiles.DomainProgress p = files.progress().get(domain);
      if (p == null) continue;
      if (p.bestCandId != null) {
        anySafe = true;
        out.printf("%-14s best %-10s score_v2 %s%s  (%s)%n", domain, p.bestCandId, ProgressView.fmt(p.bestScore), ProgressView.ci(p.bestCi), p.finished);
      } else {
        out.printf("%-14s no safe candidate (%s)%n", domain, p.finished);
      }
    }
    out.println("files: " + files.runDir());
    out.flush();
    return anySafe ? ExitCodes.OK : ExitCodes.NO_SAFE_CANDIDATE;
  }
}
