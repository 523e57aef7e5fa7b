package dev.dream.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGINT (Ctrl-C) and SIGTERM (a supervisor stopping Dream) end every command with status 130, "interrupted;
 * the state is kept" (DESIGN.md section 5), whichever of the two it was. The stop itself is the JVM's usual
 * one: {@code System.exit} runs every shutdown hook to its end (Pekko's coordinated shutdown drains this node's
 * trials in flight, stops the coordinators, leaves the cluster and closes the journal) and only then ends the
 * process. Left to itself, the JVM would end with 128 + the signal's number: 130 for SIGINT but 143 for SIGTERM.
 */
final class Interruption {
  static final String DEFAULT_NOTICE = "dream: interrupted";

  private static final AtomicBoolean signalled = new AtomicBoolean();
  private static volatile String notice = DEFAULT_NOTICE;

  private Interruption() {}

  /**
   * Called by {@code main} only: the real process, never a test that runs commands in its own JVM. A signal
   * the process ignores (SIGINT of a background job, say) stays ignored: the JVM does not install a handler for it.
   */
  static void exitWith130OnSignals() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        // sun.misc.Signal (module jdk.unsupported): the JDK has no public API for signals, and JEP 260 keeps this
        // one accessible for that reason. javac warns that it is internal on every build.
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop());
      } catch (IllegalArgumentException reserved) {
        // not ours to handle (e.g. under -Xrs): the signal keeps its default effect
      }
    }
  }

  private static void stop() {
    // A second Ctrl-C changes nothing: the clean stop under way is what keeps the journal whole.
    if (!signalled.compareAndSet(false, true)) return;
    System.err.println();
    System.err.println(notice);
    System.err.flush();
    System.exit(ExitCodes.INTERRUPTED);
  }

  /** Whether a signal is stopping this process: whatever fails from then on is a consequence of the stop. */
  static boolean happened() {
    return signalled.get();
  }

  /** What a signal prints, e.g. how to resume the run it interrupts; null for the default. */
  static void notice(String text) {
    notice = text == null ? DEFAULT_NOTICE : text;
  }
}
