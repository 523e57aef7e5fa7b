package dev.dream.cli;

import dev.dream.cluster.node.DreamNode;
import dev.dream.cluster.node.JournalSchema;
import dev.dream.cluster.report.LostRuns;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs whose files are in {@code runs/} but that the journal has lost ({@link LostRuns}): a journal file that
 * was truncated, replaced or restored from an older backup gives no error (H2 opens what it finds), so without
 * this check such runs would just be "unknown". Every command that opens the journal warns of them; reporting
 * or resuming one of them is an infrastructure failure (exit 3), not a mistyped run id.
 */
final class JournalCheck {
  private JournalCheck() {}

  /** The journal's JDBC URL, without a password. */
  static String journalUrl(DreamNode node) {
    return JournalSchema.redact(node.system().settings().config().getString("dream.db.url"));
  }

  /** Prints the warning of {@link #lostRunsWarning} on {@code err} when the journal has lost runs of {@code data} but {@code except}. */
  static void warnOfLostRuns(DreamNode node, Path data, Set<String> except, PrintWriter err) {
    List<String> lost;
    try {
      lost = LostRuns.find(node.system(), data).toCompletableFuture().get(60, TimeUnit.SECONDS).stream().filter(r -> !except.contains(r)).toList();
    } catch (Exception e) {
      err.println("dream: warning: could not compare " + data.resolve("runs") + " with the journal: " + e);
      err.flush();
      return;
    }
    if (lost.isEmpty()) return;
    err.println(lostRunsWarning(lost, data, journalUrl(node)));
    err.flush();
  }

  /** The failure for {@code runId}, which the journal does not know: exit 3 when its files say it lost it, else 2. */
  static CommandFailure unknownRun(DreamNode node, Path data, String runId, String unknown) {
    if (!LostRuns.hasManifest(data, runId)) return new CommandFailure(ExitCodes.USAGE, unknown);
    return new CommandFailure(ExitCodes.INFRASTRUCTURE, lostRunMessage(runId, data, journalUrl(node)));
  }

  static String lostRunsWarning(List<String> lost, Path data, String journalUrl) {
    boolean one = lost.size() == 1;
    return "dream: warning: the journal does not know " + lost.size() + (one ? " run" : " runs") + " whose files are in "
        + data.resolve("runs") + ": " + String.join(", ", lost) + "\n"
        + "  The journal (" + journalUrl + ") has lost " + (one ? "it" : "them") + ": most likely its file was truncated, replaced"
        + " or restored from an older backup, or DREAM_DB_URL names another database than the one that recorded "
        + (one ? "it" : "them") + ". " + (one ? "Its" : "Their") + " files are intact, but " + (one ? "it" : "they")
        + " cannot be resumed or reported from this journal.\n"
        + "  To get " + (one ? "it" : "them") + " back, stop every dream process using this journal and " + restore(journalUrl, one ? "it" : "them")
        + "; to go on without " + (one ? "it" : "them") + ", move " + (one ? "its directory" : "their directories") + " out of "
        + data.resolve("runs") + " (this warning then stops).";
  }

  static String lostRunMessage(String runId, Path data, String journalUrl) {
    return "run " + runId + " is not in the journal (" + journalUrl + "), though its files are in " + data.resolve("runs").resolve(runId)
        + ": the journal has lost it, most likely because its file was truncated, replaced or restored from an older backup, or"
        + " because DREAM_DB_URL names another database than the one that recorded it. Stop every dream process using this journal and "
        + restore(journalUrl, "it") + ", then try again.";
  }

  /** What to restore: H2's file (its URL without the options, plus .mv.db), or the database. */
  private static String restore(String journalUrl, String them) {
    String h2File = "jdbc:h2:file:";
    if (journalUrl.startsWith(h2File)) return "restore " + journalUrl.substring(h2File.length()).split(";", 2)[0] + ".mv.db from a backup";
    return "restore that database from a backup, or set DREAM_DB_URL to the database that recorded " + them;
  }
}
