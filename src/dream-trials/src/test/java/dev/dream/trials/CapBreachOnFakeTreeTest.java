package dev.dream.trials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.trials.knob.Actuators;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobEffects;
import dev.dream.trials.probe.Probes;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real probes and actuators against a fake /sys and /proc, through the executor. */
@Timeout(60)
class CapBreachOnFakeTreeTest {
  @TempDir Path dir;

  @Test
  void aCapBelowTheIdleTemperatureAbortsTheFirstTrialAndRestoresTheKnob() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"));
    tree.write("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n")
        .write("/sys/class/hwmon/hwmon0/name", "coretemp\n")
        .write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n");
    Map<String, KnobActuator> actuators = new HashMap<>(Actuators.standard(tree.sysRoot()));
    KnobActuator real = actuators.get("sysfs");
    List<String> appliedValues = new ArrayList<>();
    actuators.put("sysfs", new KnobActuator() { // records what the machine held while the trial ran
      @Override public boolean changesSystem() { return true; }
      @Override public Map<String, String> readStock(Knob k) throws java.io.IOException { return real.readStock(k); }
      @Override public void apply(Knob k, Object v, KnobEffects e) throws java.io.IOException {
        real.apply(k, v, e);
        appliedValues.add(tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
      }
      @Override public void restore(ActuatorSpec s, Map<String, String> stock) throws java.io.IOException { real.restore(s, stock); }
    });
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("throughput_ops", new Kpi("throughput_ops", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("cpu_temp_c", new Kpi("cpu_temp_c", "C", Kpi.Better.LOWER, null));
    DomainSpec cpu = Fixtures.domain("cpu", List.of(new Knob.ChoiceKnob("governor", List.of("performance", "schedutil"), null,
        new ActuatorSpec("sysfs", "/sys/devices/system/cpu/cpu*/cpufreq/scaling_governor", Map.of(), Map.of()))), kpis);
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", dir.resolve("journal"), dir.resolve("scratch"),
        Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(2));
    try (LocalTrialExecutor ex = new LocalTrialExecutor(o, WorkloadRegistry.standard(), Probes.standard(tree.sysRoot()), actuators)) {
      TrialSpec first = Fixtures.trial(cpu, Fixtures.genome("governor", "performance"), Fixtures.workload("builtin-cpu", "threads", 1),
          1, 3600, 0, Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 30.0)), true);
      TrialResult r = ex.run(first);
      assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome(), r.error());
      assertEquals(List.of("performance"), appliedValues);
      assertTrue(!r.error().contains("abandoned"), r.error());
      assertEquals(1, r.capBreaches().size());
      assertEquals("cpu_temp_c", r.capBreaches().get(0).kpi());
      assertEquals(45.0, r.capBreaches().get(0).value());
      assertEquals(30.0, r.capBreaches().get(0).limit());
      assertEquals(0, r.capBreaches().get(0).trial());
      assertTrue(r.capBreaches().get(0).atS() < 1.0, "caught on the first sample, during warm-up");
      assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
      assertTrue(ex.journal().pending().isEmpty());

      // Under the cap the same trial measures, and the probe's reading is a KPI.
      TrialSpec cool = Fixtures.trial(cpu, Fixtures.genome("governor", "performance"), Fixtures.workload("builtin-cpu", "threads", 1),
          0, 0.3, 1, Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 90.0)), true);
      TrialResult ok = ex.run(cool);
      assertEquals(TrialResult.Outcome.OK, ok.outcome(), ok.error());
      assertEquals(45.0, ok.kpis().get("cpu_temp_c"));
      assertTrue(ok.kpis().get("throughput_ops") > 0);
      assertEquals("schedutil", tree.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    }
  }

  @Test
  void aThrottleEventDuringTheTrialBreaksAMaxZeroCapWhileOldEventsDoNot() throws Exception {
    FakeTree tree = new FakeTree(dir.resolve("root"))
        .write("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "41\n") // since boot: not this trial's
        .write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "7\n");
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("throughput_ops", new Kpi("throughput_ops", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("thermal_throttle_events", new Kpi("thermal_throttle_events", "count", Kpi.Better.LOWER, null));
    DomainSpec cpu = Fixtures.domain("cpu", List.of(Fixtures.intKnob("threads", 1, 4, 1)), kpis);
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", dir.resolve("journal"), dir.resolve("scratch"),
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(2));
    Map<String, Caps.Cap> caps = Map.of("thermal_throttle_events", new Caps.Cap("thermal_throttle_events", null, 0.0));
    try (LocalTrialExecutor ex = new LocalTrialExecutor(o, WorkloadRegistry.standard(), Probes.standard(tree.sysRoot()), Actuators.standard(tree.sysRoot()))) {
      TrialResult calm = ex.run(Fixtures.trial(cpu, Fixtures.genome("threads", 1L), Fixtures.workload("builtin-cpu", "threads", 1), 0, 0.3, 0, caps, false));
      assertEquals(TrialResult.Outcome.OK, calm.outcome(), calm.error());
      assertEquals(0.0, calm.kpis().get("thermal_throttle_events"), "48 events since boot, none in this trial");

      Thread heat = new Thread(() -> {
        try {
          Thread.sleep(400);
          tree.write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "8\n");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      heat.start();
      TrialResult hot = ex.run(Fixtures.trial(cpu, Fixtures.genome("threads", 1L), Fixtures.workload("builtin-cpu", "threads", 1), 0, 3600, 1, caps, false));
      heat.join();
      assertEquals(TrialResult.Outcome.CAP_BREACH, hot.outcome(), hot.error());
      assertEquals("thermal_throttle_events", hot.capBreaches().get(0).kpi());
      assertEquals(1.0, hot.capBreaches().get(0).value());
      assertTrue(hot.error().contains("trial aborted and knobs restored"), hot.error());
    }
  }
}
