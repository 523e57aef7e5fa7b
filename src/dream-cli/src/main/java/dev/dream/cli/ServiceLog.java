package dev.dream.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The service's log: one line per event, UTC-stamped, whole lines even when several domains write at once. */
final class ServiceLog {
  private final PrintWriter out;

  ServiceLog(PrintWriter out) {
    this.out = out;
  }

  synchronized void line(String text) {
    out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
    out.flush();
  }
}
