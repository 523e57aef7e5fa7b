package dev.dream.trials.workload.tool;

import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The metrics of a stress-ng run, from the file it writes with {@code --yaml} (the {@code metrics:} list,
 * one entry per stressor, written only with {@code --metrics} or {@code --metrics-brief}).
 *
 * <p>KPIs: {@code throughput_ops}, the bogo operations per second of wall-clock time summed over the
 * stressors (stress-ng's "bogo ops/s (real time)", totals over each stressor's instances); {@code bogo_ops},
 * their count; and per stressor {@code <stressor>_bogo_ops_per_s}. Bogo operations are stress-ng's own
 * unit of work, different for every stressor and method, so they compare candidates only under the same
 * regime, which is how Dream uses them.
 */
public final class StressNgMetrics {
  public static final String THROUGHPUT = "throughput_ops";
  public static final String BOGO_OPS = "bogo_ops";

  private StressNgMetrics() {}

  public static WorkloadResult parse(String yaml) throws IOException {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IOException("stress-ng's YAML output is not readable: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> root) || !(root.get("metrics") instanceof List<?> metrics) || metrics.isEmpty()) {
      throw new IOException("stress-ng wrote no metrics (it writes them only with --metrics or --metrics-brief, and only for stressors that ran)");
    }
    WorkloadResult.Builder b = new WorkloadResult.Builder();
    double rate = 0;
    double ops = 0;
    for (Object o : metrics) {
      if (!(o instanceof Map<?, ?> m)) throw new IOException("stress-ng metrics entry is not a mapping: " + o);
      String stressor = String.valueOf(m.get("stressor"));
      double r = number(m, "bogo-ops-per-second-real-time", stressor);
      rate += r;
      ops += number(m, "bogo-ops", stressor);
      b.put(stressor.replaceAll("[^A-Za-z0-9]", "_") + "_bogo_ops_per_s", r, "stress-ng reported no rate for " + stressor);
    }
    b.put(THROUGHPUT, rate, "stress-ng reported no finite bogo-ops rate");
    b.put(BOGO_OPS, ops, "stress-ng reported no finite bogo-ops count");
    return b.build();
  }

  private static double number(Map<?, ?> m, String key, String stressor) throws IOException {
    if (m.get(key) instanceof Number n) return n.doubleValue();
    throw new IOException("stress-ng metrics of stressor " + stressor + " have no number " + key + " (found " + m.get(key) + ")");
  }
}
