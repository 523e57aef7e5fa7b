package dev.dream.trials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a test can see of processes: whether one still runs, and what this JVM left running. */
public final class Processes {
  private Processes() {}

  /** Alive and not a zombie waiting for a parent (in a container, nothing may reap re-parented children). */
  public static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      if (!Files.exists(stat)) return false;
      String s = Files.readString(stat);
      char state = s.charAt(s.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // it went away while we looked
    }
  }

  /** The descendants of this JVM that still run, after waiting up to {@code ms} for them to go. */
  public static List<ProcessHandle> leftovers(long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    List<ProcessHandle> left;
    do {
      left = ProcessHandle.current().descendants().filter(p -> running(p.pid())).toList();
      if (left.isEmpty()) return left;
      Thread.sleep(20);
    } while (System.nanoTime() < end);
    return left;
  }

  /** Whether {@code pid} stops running within {@code ms}. */
  public static boolean gone(long pid, long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) {
      if (!running(pid)) return true;
      Thread.sleep(20);
    }
    return !running(pid);
  }
}
