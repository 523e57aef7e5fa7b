package dev.dream.trials.workload.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.Fixtures;
import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.TrialResult;
import dev.dream.trials.knob.WorkloadArgActuator;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each builtin workload through the real executor, with short durations (the figures are not asserted). */
@Timeout(60)
class BuiltinWorkloadsTest {
  @TempDir Path data;
  private LocalTrialExecutor executor;
  private final DomainSpec domain =
      Fixtures.domain("bench", List.of(Fixtures.intKnob("threads", 1, 8, 1), Fixtures.floatKnob("util", 0.25, 1, 0.25, 1)), Map.of());

  private LocalTrialExecutor executor(List<Probe> probes) throws Exception {
    LocalTrialExecutor.Options o =
        new LocalTrialExecutor.Options("n", data.resolve("j"), data.resolve("scratch"), Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(20));
    executor = new LocalTrialExecutor(o, WorkloadRegistry.standard(), probes, Map.of("workload-arg", new WorkloadArgActuator()));
    return executor;
  }

  @AfterEach
  void close() {
    if (executor != null) executor.close();
  }

  private TrialResult run(WorkloadSpec w, double warmup, double duration, Map<String, Caps.Cap> caps, List<Probe> probes) throws Exception {
    Genome g = Fixtures.genome("threads", 2L, "util", 1.0);
    return executor(probes).run(Fixtures.trial(domain, g, w, warmup, duration, 0, caps, false));
  }

  private static void assertPercentilesOrdered(TrialResult r, String p50, String p95, String p99) {
    double a = r.kpis().get(p50), b = r.kpis().get(p95), c = r.kpis().get(p99);
    assertTrue(a > 0 && a <= b && b <= c, r.kpis().toString());
  }

  @Test
  void cpuReportsThroughputAndLatencyPercentiles() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-cpu", "load", 0.5), 0.1, 0.3, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(Set.of("throughput_ops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms"), r.kpis().keySet());
    assertTrue(r.kpis().get("throughput_ops") > 0);
    assertPercentilesOrdered(r, "p50_latency_ms", "p95_latency_ms", "p99_latency_ms");
  }

  @Test
  void workerCountComesFromThreadsTimesUtilWithKnobsOverRegimeDefaults() {
    assertEquals(2, CpuWorkload.Setup.from(new Params(Map.of("threads", 8L, "util", 0.25), "t"), 4).workers());
    assertEquals(1, CpuWorkload.Setup.from(new Params(Map.of("threads", 1L, "util", 0.25), "t"), 4).workers());
    assertEquals(4, CpuWorkload.Setup.from(new Params(Map.of(), "t"), 4).workers());
    assertEquals(0.3, CpuWorkload.Setup.from(new Params(Map.of("load", 0.3), "t"), 4).load());
  }

  @Test
  void aZeroLengthTrialMeasuresNothingAndSaysSo() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-cpu"), 0, 0, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().isEmpty(), r.kpis().toString());
    assertTrue(r.unavailable().get("throughput_ops").startsWith("no CPU operation completed"));
  }

  @Test
  void memoryReportsBandwidthAndLatency() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-memory", "size_mb", 8, "chase_mb", 4), 0, 0.4, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("bandwidth_mb_s") > 0);
    assertTrue(r.kpis().get("latency_ns") > 0);
  }

  @Test
  void theChaseCycleVisitsEverySlot() {
    int[] next = MemoryEngine.cycle(1000);
    boolean[] seen = new boolean[1000];
    int i = 0;
    for (int k = 0; k < 1000; k++) {
      assertFalse(seen[i], "slot " + i + " visited twice");
      seen[i] = true;
      i = next[i];
    }
    assertEquals(0, i);
  }

  @Test
  void storageReportsIopsThroughputAndLatencyAndCleansUp() throws Exception {
    Path dir = Files.createDirectories(data.resolve("disk"));
    TrialResult r = run(Fixtures.workload("builtin-storage", "file_size_mb", 2, "dir", dir.toString()), 0.1, 0.3, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(r.kpis().get("iops") * 4096 / 1e6, r.kpis().get("mb_per_s"), 1e-9);
    assertPercentilesOrdered(r, "p50_latency_ms", "p95_latency_ms", "p99_latency_ms");
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count());
    }
    // Without a dir it writes into the trial's scratch directory, which goes away with the trial.
    TrialResult inScratch = run(Fixtures.workload("builtin-storage", "file_size_mb", 1), 0, 0.2, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, inScratch.outcome(), inScratch.error());
    try (var left = Files.list(data.resolve("scratch"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void networkReportsRequestRateAndLatency() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-network", "connections", 2), 0.1, 0.3, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("requests_per_s") > 0);
    // Payload in both directions: 2 x 64 bytes x 8 bits per request.
    assertEquals(r.kpis().get("requests_per_s") * 2 * 64 * 8 / 1e6, r.kpis().get("throughput_mbps"), 1e-9);
    assertPercentilesOrdered(r, "p50_latency_ms", "p95_latency_ms", "p99_latency_ms");
  }

  @Test
  void networkSharesConnectionsAmongFewerThreadsAndTakesThePayloadSize() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-network", "connections", 4, "threads", 2, "payload_bytes", 1000), 0, 0.3, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(r.kpis().get("requests_per_s") * 2 * 1000 * 8 / 1e6, r.kpis().get("throughput_mbps"), 1e-9);
  }

  @Test
  void everyCpuKernelRunsAndAnUnknownOneFailsTheTrialWithTheChoices() throws Exception {
    for (String kernel : List.of("hash", "matmul", "sort")) {
      TrialResult r = run(Fixtures.workload("builtin-cpu", "kernel", kernel, "threads", 1), 0, 0.2, Map.of(), List.of());
      assertEquals(TrialResult.Outcome.OK, r.outcome(), kernel + ": " + r.error());
      assertTrue(r.kpis().get("throughput_ops") > 0, kernel);
    }
    TrialResult bad = run(Fixtures.workload("builtin-cpu", "kernel", "fft"), 0, 0.2, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.FAILED, bad.outcome());
    assertTrue(bad.error().contains("hash, matmul or sort"), bad.error());
  }

  @Test
  void theKernelsComputeDifferentThings() {
    long h = CpuKernel.create("hash").step(1);
    long m = CpuKernel.create("matmul").step(1);
    long s = CpuKernel.create("sort").step(1);
    assertEquals(3, Set.of(h, m, s).size());
    assertEquals(h, CpuKernel.create("hash").step(1), "a kernel is a function of its input and its own state");
  }

  @Test
  void memoryPatternsMeasureWhatTheySayAndSayWhatTheyDoNot() throws Exception {
    TrialResult bw = run(Fixtures.workload("builtin-memory", "size_mb", 8, "pattern", "bandwidth", "threads", 2), 0, 0.2, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, bw.outcome(), bw.error());
    assertTrue(bw.kpis().get("bandwidth_mb_s") > 0);
    assertTrue(bw.unavailable().get("latency_ns").contains("pattern bandwidth"), bw.unavailable().toString());
    TrialResult lat = run(Fixtures.workload("builtin-memory", "chase_mb", 4, "pattern", "latency", "threads", 2), 0, 0.2, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, lat.outcome(), lat.error());
    assertTrue(lat.kpis().get("latency_ns") > 0);
    assertTrue(lat.unavailable().get("bandwidth_mb_s").contains("pattern latency"), lat.unavailable().toString());
  }

  @Test
  void storagePatternsAndThreads() throws Exception {
    assertEquals(1.0, StorageWorkload.readFraction("read"));
    assertEquals(0.0, StorageWorkload.readFraction("write"));
    assertEquals(0.5, StorageWorkload.readFraction("randrw"));
    TrialResult r = run(Fixtures.workload("builtin-storage", "file_size_mb", 2, "pattern", "write", "fsync", false, "threads", 2),
        0, 0.2, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("iops") > 0);
    TrialResult bad = run(Fixtures.workload("builtin-storage", "file_size_mb", 1, "pattern", "sequential"), 0, 0.1, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.FAILED, bad.outcome());
    assertTrue(bad.error().contains("read, write or randrw"), bad.error());
  }

  @Test
  void aValueTheRegimeWritesOutStaysAndAKnobFillsOnlyWhatTheRegimeLeavesOpenOrNamesAsPlaceholder() throws Exception {
    // threads knob = 2 (see run()), util 1.0: the idle-like regime's threads: 1 stays 1 worker.
    LocalTrialExecutor ex = executor(List.of());
    Genome g = Fixtures.genome("threads", 2L, "util", 1.0);
    WorkloadSpec literal = Fixtures.workload("builtin-cpu", "threads", 1);
    dev.dream.trials.TrialSpec t = Fixtures.trial(domain, g, literal, 0, 0, 0, Map.of(), false);
    assertEquals(1L, new dev.dream.trials.workload.WorkloadContext(t, Map.of("threads", 2L), Map.of(), null, null).params().get("threads"));
    WorkloadSpec open = Fixtures.workload("builtin-cpu");
    t = Fixtures.trial(domain, g, open, 0, 0, 0, Map.of(), false);
    assertEquals(2L, new dev.dream.trials.workload.WorkloadContext(t, Map.of("threads", 2L), Map.of(), null, null).params().get("threads"));
    WorkloadSpec named = Fixtures.workload("builtin-cpu", "threads", "{threads}");
    t = Fixtures.trial(domain, g, named, 0, 0, 0, Map.of(), false);
    assertEquals(2L, new dev.dream.trials.workload.WorkloadContext(t, Map.of("threads", 2L), Map.of(), null, null).params().get("threads"));
    assertEquals(TrialResult.Outcome.OK, ex.run(t).outcome());
  }

  @Test
  void mixedReportsCpuAndMemoryKpis() throws Exception {
    TrialResult r = run(Fixtures.workload("builtin-mixed", "size_mb", 8, "threads", 1), 0, 0.3, Map.of(), List.of());
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertEquals(Set.of("throughput_ops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "bandwidth_mb_s"), r.kpis().keySet());
  }

  @Test
  void everyBuiltinStopsPromptlyWhenACapBreaks() throws Exception {
    for (String kind : List.of("builtin-cpu", "builtin-memory", "builtin-storage", "builtin-network", "builtin-mixed")) {
      AtomicInteger samples = new AtomicInteger();
      Probe hot = new Probe() {
        @Override public Set<String> kpis() { return Set.of("cpu_temp_c"); }
        @Override public ProbeSession open() {
          return new ProbeSession() {
            @Override public Readings sample() { return Readings.of("cpu_temp_c", samples.incrementAndGet() > 4 ? 99 : 40); }
            @Override public Readings finish() { return sample(); }
          };
        }
      };
      WorkloadSpec w = Fixtures.workload(kind, "size_mb", 8, "chase_mb", 4, "file_size_mb", 2, "connections", 2, "threads", 1);
      TrialResult r = run(w, 0, 3600, Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 90.0)), List.of(hot));
      assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome(), kind + ": " + r.error());
      assertFalse(r.error().contains("abandoned"), kind + ": " + r.error());
      executor.close();
    }
  }
}
