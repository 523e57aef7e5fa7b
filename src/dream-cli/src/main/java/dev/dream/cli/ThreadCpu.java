package dev.dream.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's live threads, grouped by pool (digits dropped from the thread names), so that a
 * measurement can say which part of the pipeline used the processor. Threads that ended in between are
 * not counted; GC and JIT threads are not Java threads and show only in the process total.
 */
final class ThreadCpu {
  private final Map<Long, Long> startNanos = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  private ThreadCpu() {}

  static ThreadCpu start() {
    ThreadCpu t = new ThreadCpu();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) return t;
    for (long id : mx.getAllThreadIds()) t.startNanos.put(id, Math.max(0, mx.getThreadCpuTime(id)));
    return t;
  }

  /** Milliseconds of CPU per thread group since {@link #start}, largest first. */
  Map<String, Long> sinceStart() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new TreeMap<>();
    if (!mx.isThreadCpuTimeSupported()) return byGroup;
    for (long id : mx.getAllThreadIds()) {
      long now = mx.getThreadCpuTime(id);
      ThreadInfo info = mx.getThreadInfo(id);
      if (now < 0 || info == null) continue;
      long used = now - startNanos.getOrDefault(id, 0L);
      byGroup.merge(group(info.getThreadName()), used / 1_000_000, Long::sum);
    }
    byGroup.values().removeIf(v -> v == 0);
    Map<String, Long> sorted = new java.util.LinkedHashMap<>();
    byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  static String group(String threadName) {
    return threadName.replaceAll("\\d+", "N");
  }
}
