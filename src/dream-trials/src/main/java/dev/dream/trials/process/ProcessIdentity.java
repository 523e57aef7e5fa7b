package dev.dream.trials.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process as the kernel tells it apart from every other: its PID, when it started (clock ticks after
 * boot, field 22 of {@code /proc/<pid>/stat}) and the boot it runs in. A PID is given out again once its
 * process has ended; the same PID with the same start time in the same boot is the same process.
 *
 * @param bootId {@code /proc/sys/kernel/random/boot_id}; null where the kernel has none
 */
public record ProcessIdentity(long pid, long startTicks, String bootId) {
  private static final Path PROC = Path.of("/proc");

  /** The process that runs as {@code pid} now; empty when none does (or only its zombie), or without /proc. */
  public static Optional<ProcessIdentity> of(long pid) {
    String stat;
    try {
      stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return Optional.empty(); // no such process (or it ended while we looked)
    }
    OptionalLong start = startTicks(stat);
    return start.isPresent() ? Optional.of(new ProcessIdentity(pid, start.getAsLong(), currentBoot())) : Optional.empty();
  }

  /** Whether this very process still runs: one now running under its PID is another unless it started with it. */
  public boolean running() {
    return of(pid).map(this::equals).orElse(false);
  }

  /**
   * Field 22 (starttime) of a {@code /proc/<pid>/stat} line; empty for a process that has ended (a zombie
   * or a dead one) or a line that does not parse. The command name (field 2) may hold spaces and
   * parentheses, so the fields are counted from its last ')'.
   */
  static OptionalLong startTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 > stat.length()) return OptionalLong.empty();
    String[] f = stat.substring(close + 2).trim().split(" ");
    if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) return OptionalLong.empty();
    try {
      return OptionalLong.of(Long.parseLong(f[19])); // f[0] is field 3 (state), so field 22 is f[19]
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static String currentBoot() {
    try {
      return Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return null;
    }
  }
}
