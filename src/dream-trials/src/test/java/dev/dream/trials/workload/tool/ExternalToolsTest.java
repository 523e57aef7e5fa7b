package dev.dream.trials.workload.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.Fixtures;
import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.Processes;
import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import dev.dream.trials.knob.WorkloadArgActuator;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * stress-ng, fio and iperf3 run for real, for a second or two each, through the executor. Each test is
 * skipped, saying so, where its tool is not installed (apt-get install stress-ng fio iperf3); the parsing of
 * their outputs is tested on recordings in RecordedToolOutputTest either way.
 */
@Timeout(120)
class ExternalToolsTest {
  @TempDir Path data;
  private LocalTrialExecutor executor;

  private static void assumeInstalled(String tool) {
    assumeTrue(Tools.system().find(tool).isPresent(), tool + " is not installed here: test skipped (apt-get install " + tool + ")");
  }

  private static Kpi kpi(String name, Kpi.Better b, Kpi.Role role) {
    return new Kpi(name, "u", b, role);
  }

  private static DomainSpec domain(String... names) {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    for (String n : names) kpis.put(n, kpi(n, n.contains("latency") ? Kpi.Better.LOWER : Kpi.Better.HIGHER, null));
    return Fixtures.domain("tools", List.of(Fixtures.intKnob("threads", 1, 8, 1)), kpis);
  }

  private TrialResult run(WorkloadRegistry registry, DomainSpec d, WorkloadSpec w, double warmup, double duration,
      Map<String, Caps.Cap> caps, List<Probe> probes, double maxTrialS) throws Exception {
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", data.resolve("j"), data.resolve("scratch"),
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(20));
    if (executor != null) executor.close();
    executor = new LocalTrialExecutor(o, registry, probes, Map.of("workload-arg", new WorkloadArgActuator()));
    TrialSpec t = Fixtures.trial(d, Fixtures.genome("threads", 1L), w, warmup, duration, 0, caps, false);
    t = new TrialSpec(t.trialId(), t.runId(), t.domain(), t.candId(), t.regime(), t.index(), t.genome(), t.domainSpec(),
        t.regimeSpec(), t.execution(), t.caps(), new Caps.Global(3, maxTrialS, 2), t.runSeed(), false);
    return executor.run(t);
  }

  @AfterEach
  void close() throws Exception {
    if (executor != null) executor.close();
    assertEquals(List.of(), Processes.leftovers(3000), "nothing a trial started may outlive it");
    try (var s = Files.list(data.resolve("scratch"))) {
      assertEquals(0, s.count(), "the trial's scratch directory goes away with it");
    } catch (java.nio.file.NoSuchFileException e) {
      // no trial created one
    }
  }

  @Test
  void stressNgRunsAndItsBogoOpsRateIsTheThroughput() throws Exception {
    assumeInstalled("stress-ng");
    WorkloadSpec w = Fixtures.workload("stress-ng", "args", List.of("--cpu", "{threads}", "--cpu-method", "matrixprod"));
    TrialResult r = run(WorkloadRegistry.standard(), domain("throughput_ops", "p95_latency_ms"), w, 1, 1, Map.of(), List.of(), 300);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("throughput_ops") > 0, r.kpis().toString());
    assertTrue(r.unavailable().get("p95_latency_ms").contains("stress-ng measures throughput"), r.unavailable().toString());
  }

  @Test
  void stressNgIsKilledWithItsWorkersWhenACapBreaksAndWhenItsTimeIsUp() throws Exception {
    assumeInstalled("stress-ng");
    AtomicInteger samples = new AtomicInteger();
    Probe hot = new Probe() {
      @Override public Set<String> kpis() { return Set.of("cpu_temp_c"); }
      @Override public ProbeSession open() {
        return new ProbeSession() {
          @Override public Readings sample() { return Readings.of("cpu_temp_c", samples.incrementAndGet() > 10 ? 99 : 40); }
          @Override public Readings finish() { return sample(); }
        };
      }
    };
    WorkloadSpec w = Fixtures.workload("stress-ng", "args", List.of("--cpu", "2"));
    TrialResult r = run(WorkloadRegistry.standard(), domain("throughput_ops", "cpu_temp_c"), w, 0, 60,
        Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 90.0)), List.of(hot), 300);
    assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome(), r.error());
    assertTrue(!r.error().contains("abandoned"), r.error());
    assertEquals(List.of(), Processes.leftovers(3000), "stress-ng and its workers are gone once the trial has ended");

    TrialResult late = run(WorkloadRegistry.standard(), domain("throughput_ops"), w, 0, 60, Map.of(), List.of(), 1.5);
    assertEquals(TrialResult.Outcome.TIMEOUT, late.outcome(), late.error());
  }

  @Test
  void aMissingToolIsANodeErrorNotAZero() throws Exception {
    WorkloadRegistry none = WorkloadRegistry.standard(Tools.onPath(data.resolve("empty-path").toString()));
    for (String kind : List.of("stress-ng", "fio", "iperf3")) {
      TrialResult r = run(none, domain("throughput_ops"), Fixtures.workload(kind, "args", List.of("--help")), 0, 1, Map.of(), List.of(), 300);
      assertEquals(TrialResult.Outcome.FAILED, r.outcome(), kind);
      assertTrue(r.error().contains(kind + " is not installed on this node"), r.error());
      assertTrue(r.kpis().isEmpty());
    }
  }

  @Test
  void optionsDreamSetsItselfOrThatRunOtherProgramsAreRefused() throws Exception {
    TrialResult t = run(WorkloadRegistry.standard(), domain("throughput_ops"),
        Fixtures.workload("stress-ng", "args", List.of("--cpu", "1", "--timeout", "600")), 0, 1, Map.of(), List.of(), 300);
    assertEquals(TrialResult.Outcome.FAILED, t.outcome());
    assertTrue(t.error().contains("--timeout is not allowed"), t.error());
    TrialResult f = run(WorkloadRegistry.standard(), domain("iops"),
        Fixtures.workload("fio", "args", List.of("--name=x", "--exec_prerun=touch /tmp/x")), 0, 1, Map.of(), List.of(), 300);
    assertEquals(TrialResult.Outcome.FAILED, f.outcome());
    assertTrue(f.error().contains("--exec_prerun is not allowed"), f.error());
    TrialResult job = run(WorkloadRegistry.standard(), domain("iops"),
        Fixtures.workload("fio", "args", List.of("/etc/some.fio")), 0, 1, Map.of(), List.of(), 300);
    assertTrue(job.error().contains("job files are not accepted"), job.error());
    TrialResult i = run(WorkloadRegistry.standard(), domain("throughput_mbps"),
        Fixtures.workload("iperf3", "args", List.of("-s")), 0, 1, Map.of(), List.of(), 300);
    assertTrue(i.error().contains("-s is not allowed"), i.error());
  }

  @Test
  void fioRunsTimeBasedAndItsIopsBandwidthAndPercentilesAreParsed() throws Exception {
    assumeInstalled("fio");
    WorkloadSpec w = Fixtures.workload("fio", "args", List.of("--name=t", "--rw=randrw", "--bs=4k", "--size=8M", "--ioengine=psync"));
    TrialResult r = run(WorkloadRegistry.standard(), domain("iops", "mb_per_s", "p95_latency_ms"), w, 0.5, 1, Map.of(), List.of(), 300);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("iops") > 0, r.kpis().toString());
    assertEquals(r.kpis().get("iops") * 4096 / 1e6, r.kpis().get("mb_per_s"), r.kpis().get("mb_per_s") * 0.05,
        "4 KiB per operation (fio's own iops and bytes agree within rounding)");
    assertTrue(r.kpis().get("p95_latency_ms") > 0);
  }

  @Test
  void iperf3RunsOverLoopbackAgainstItsOwnOneOffServer() throws Exception {
    assumeInstalled("iperf3");
    WorkloadSpec w = Fixtures.workload("iperf3", "args", List.of("-P", "2"));
    TrialResult r = run(WorkloadRegistry.standard(), domain("throughput_mbps", "tcp_retransmits", "p95_latency_ms"), w, 1, 1,
        Map.of(), List.of(), 300);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("throughput_mbps") > 0, r.kpis().toString());
    assertTrue(r.kpis().get("tcp_retransmits") >= 0);
    assertTrue(r.unavailable().get("p95_latency_ms").contains("iperf3 measures throughput"));
  }
}
