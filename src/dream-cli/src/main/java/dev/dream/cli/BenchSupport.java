package dev.dream.cli;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What every benchmark's results file says about the machine it ran on, and the small helpers they share. */
final class BenchSupport {
  static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  private BenchSupport() {}

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A results document's opening: its schema, when, which build, and the machine. */
  static Map<String, Object> document(String schema, java.time.Instant started, String nodeClass) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", schema);
    doc.put("started_at_utc", started.toString());
    doc.put("dream_version", dev.dream.core.BuildInfo.version());
    doc.put("code_hash", dev.dream.core.BuildInfo.codeHash());
    doc.put("node_class", nodeClass);
    doc.put("jvm", jvm());
    doc.put("cpu", cpu());
    return doc;
  }

  private static Map<String, Object> jvm() {
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("version", System.getProperty("java.version"));
    j.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    j.put("max_heap_mb", rt.maxMemory() / (1024 * 1024));
    List<String> gcs = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) gcs.add(gc.getName());
    j.put("gc", gcs);
    j.put("input_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return j;
  }

  private static Map<String, Object> cpu() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("available_processors", Runtime.getRuntime().availableProcessors());
    c.put("model", cpuModel());
    c.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    return c;
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The 1-minute load average, or a negative number where the platform does not say. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover work directory costs disk space only
    }
  }
}
