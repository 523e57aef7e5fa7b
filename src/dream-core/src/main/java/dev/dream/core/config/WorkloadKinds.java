package dev.dream.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys each workload kind takes, and what their values must be. */
final class WorkloadKinds {
  private WorkloadKinds() {}

  enum Type {
    /** A number in (0, 1], or "{knob}" naming a numeric knob within (0, 1]. */
    FRACTION,
    /** A whole number >= 1, or "{knob}" naming an int knob with min >= 1. */
    COUNT,
    /** One of the listed words. */
    WORD,
    BOOL,
    /** A list of arguments (never a shell string); "{knob}" inside them is replaced by the knob's value. */
    ARGS,
    POSITIVE,
    NON_NEGATIVE,
    /** The sim workload's optimum: knob name to a value within the knob's range. */
    OPTIMUM
  }

  record Param(String key, Type type, boolean required, List<String> words) {
    static Param of(String key, Type type) {
      return new Param(key, type, false, List.of());
    }

    static Param required(String key, Type type) {
      return new Param(key, type, true, List.of());
    }

    static Param word(String key, boolean required, String... words) {
      return new Param(key, Type.WORD, required, List.of(words));
    }
  }

  static final List<String> CPU_KERNELS = List.of("hash", "matmul", "sort");
  static final List<String> SIM_FUNCTIONS = List.of("sphere", "rastrigin", "rosenbrock");

  /** Kind to its keys (besides {@code kind}), in the order of {@link dev.dream.core.domain.WorkloadSpec#KINDS}. */
  static final Map<String, List<Param>> PARAMS = params();

  private static Map<String, List<Param>> params() {
    Param threads = Param.of("threads", Type.COUNT);
    Map<String, List<Param>> m = new LinkedHashMap<>();
    m.put("builtin-cpu", List.of(Param.of("load", Type.FRACTION), threads,
        Param.word("kernel", false, CPU_KERNELS.toArray(String[]::new))));
    m.put("builtin-memory", List.of(Param.of("size_mb", Type.COUNT),
        Param.word("pattern", false, "bandwidth", "latency", "mixed"), threads));
    m.put("builtin-storage", List.of(Param.of("file_size_mb", Type.COUNT), Param.of("block_kb", Type.COUNT),
        Param.word("pattern", false, "write", "read", "randrw"), Param.of("fsync", Type.BOOL), threads));
    m.put("builtin-network", List.of(Param.of("connections", Type.COUNT), Param.of("payload_bytes", Type.COUNT),
        threads));
    m.put("builtin-mixed", List.of(threads));
    m.put("stress-ng", List.of(Param.required("args", Type.ARGS)));
    m.put("fio", List.of(Param.required("args", Type.ARGS)));
    m.put("iperf3", List.of(Param.required("args", Type.ARGS)));
    m.put("command", List.of(Param.required("argv", Type.ARGS), Param.of("timeout_s", Type.POSITIVE)));
    m.put("sim", List.of(Param.word("function", true, SIM_FUNCTIONS.toArray(String[]::new)),
        Param.required("optimum", Type.OPTIMUM), Param.of("noise", Type.NON_NEGATIVE)));
    return java.util.Collections.unmodifiableMap(m);
  }
}
