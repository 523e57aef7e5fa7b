package dev.dream.trials.workload;

import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.process.Tools;
import dev.dream.trials.sim.SimWorkload;
import dev.dream.trials.workload.builtin.CpuWorkload;
import dev.dream.trials.workload.builtin.MemoryWorkload;
import dev.dream.trials.workload.builtin.MixedWorkload;
import dev.dream.trials.workload.builtin.NetworkWorkload;
import dev.dream.trials.workload.builtin.StorageWorkload;
import dev.dream.trials.workload.tool.FioWorkload;
import dev.dream.trials.workload.tool.Iperf3Workload;
import dev.dream.trials.workload.tool.StressNgWorkload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The workload kinds this node can run, each a factory of one fresh instance per trial. */
public final class WorkloadRegistry {
  private final Map<String, Function<WorkloadSpec, Workload>> factories;

  private WorkloadRegistry(Map<String, Function<WorkloadSpec, Workload>> factories) {
    this.factories = Map.copyOf(factories);
  }

  public static WorkloadRegistry empty() {
    return new WorkloadRegistry(Map.of());
  }

  /**
   * Every workload kind: {@code sim} and the {@code builtin-*} kinds need nothing installed; {@code command},
   * {@code stress-ng}, {@code fio} and {@code iperf3} run programs found on this process's PATH, and a
   * trial whose program is missing fails with "X is not installed on this node".
   */
  public static WorkloadRegistry standard() {
    return standard(Tools.system());
  }

  /** As {@link #standard()}, finding external programs with {@code tools}. */
  public static WorkloadRegistry standard(Tools tools) {
    return empty()
        .with("sim", s -> new SimWorkload())
        .with("command", s -> new CommandWorkload(tools))
        .with("stress-ng", s -> new StressNgWorkload(tools))
        .with("fio", s -> new FioWorkload(tools))
        .with("iperf3", s -> new Iperf3Workload(tools))
        .with("builtin-cpu", s -> new CpuWorkload())
        .with("builtin-memory", s -> new MemoryWorkload())
        .with("builtin-storage", s -> new StorageWorkload())
        .with("builtin-network", s -> new NetworkWorkload())
        .with("builtin-mixed", s -> new MixedWorkload());
  }

  /** A registry with {@code kind} added or replaced. */
  public WorkloadRegistry with(String kind, Function<WorkloadSpec, Workload> factory) {
    Map<String, Function<WorkloadSpec, Workload>> m = new LinkedHashMap<>(factories);
    m.put(kind, factory);
    return new WorkloadRegistry(m);
  }

  public boolean supports(String kind) {
    return factories.containsKey(kind);
  }

  public Workload create(WorkloadSpec spec) {
    Function<WorkloadSpec, Workload> f = factories.get(spec.kind());
    if (f == null) {
      throw new IllegalArgumentException(
          "workload kind " + spec.kind() + " is not available on this node (available: "
              + String.join(", ", new java.util.TreeSet<>(factories.keySet())) + ")");
    }
    return f.apply(spec);
  }
}
