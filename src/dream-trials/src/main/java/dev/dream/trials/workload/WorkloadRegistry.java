package dev.dream.trials.workload;

import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.sim.SimWorkload;
import dev.dream.trials.workload.builtin.CpuWorkload;
import dev.dream.trials.workload.builtin.MemoryWorkload;
import dev.dream.trials.workload.builtin.MixedWorkload;
import dev.dream.trials.workload.builtin.NetworkWorkload;
import dev.dream.trials.workload.builtin.StorageWorkload;
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

  /** Every kind that needs nothing installed: {@code sim}, the {@code builtin-*} kinds and {@code command}. */
  public static WorkloadRegistry standard() {
    return empty()
        .with("sim", s -> new SimWorkload())
        .with("command", s -> new CommandWorkload())
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
