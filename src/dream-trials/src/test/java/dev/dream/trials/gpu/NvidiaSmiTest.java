package dev.dream.trials.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.trials.Fixtures;
import dev.dream.trials.LocalTrialExecutor;
import dev.dream.trials.Recorded;
import dev.dream.trials.TrialResult;
import dev.dream.trials.knob.ApplyJournal;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobEffects;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvidia-smi parsing on REAL recorded output (recorded/nvidia-smi, from the nvidia_gpu_exporter project's
 * captures of real GPUs; see the README there), and the probe's and actuator's logic against a test double
 * of nvidia-smi ({@link FakeNvidiaSmi}, made-up values).
 */
@Timeout(60)
class NvidiaSmiTest {
  @TempDir Path tmp;

  private static final List<String> FIELDS = NvidiaSmiProbe.BASE;

  private static Map<String, String> only(String recording) throws IOException {
    List<Map<String, String>> rows = NvidiaSmiCsv.parse(Recorded.read("nvidia-smi/" + recording), FIELDS);
    assertEquals(1, rows.size(), recording);
    return rows.get(0);
  }

  @Test
  void realH100UnderLoadGivesPowerTemperaturesUtilizationMemoryAndClearThrottleBits() throws IOException {
    Map<String, String> row = only("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv");
    assertEquals("631.95 W", row.get("power.draw"));
    GpuSample s = GpuSample.of(List.of(row), "clocks_event_reasons.active");
    assertEquals(631.95, s.powerW());
    assertEquals(59.0, s.tempC());
    assertEquals(54.0, s.memoryTempC());
    assertEquals(100.0, s.utilizationPct());
    assertEquals(19818.0, s.memoryUsedMib());
    assertEquals(0.0, s.slowdownMask());
    assertEquals(0.0, s.eccUncorrected());
  }

  @Test
  void realGeForceReportsNoMemoryTemperatureNoEccAndASoftwarePowerCapThatIsNotASlowdown() throws IOException {
    Map<String, String> row = only("linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05__idle.csv");
    assertFalse(row.containsKey("temperature.memory"), "N/A is left out");
    assertFalse(row.containsKey("ecc.errors.uncorrected.volatile.total"), "[N/A] is left out");
    assertEquals("0x0000000000000004", row.get("clocks_event_reasons.active"));
    GpuSample s = GpuSample.of(List.of(row), "clocks_event_reasons.active");
    assertEquals(39.32, s.powerW());
    assertEquals(40.0, s.tempC());
    assertTrue(Double.isNaN(s.memoryTempC()));
    assertTrue(Double.isNaN(s.eccUncorrected()));
    assertEquals(0.0, s.slowdownMask(), "SW power cap (0x4) is not counted as a slowdown");
    GpuSample load = GpuSample.of(List.of(only("linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05__load.csv")), "clocks_event_reasons.active");
    assertEquals(111.50, load.powerW());
    assertEquals(8.0, load.utilizationPct());
    assertEquals(819.0, load.memoryUsedMib());
  }

  @Test
  void realMigGpuHasNoUtilizationAndL40sRecordingsParse() throws IOException {
    GpuSample mig = GpuSample.of(List.of(only("linux-x86_64__nvidia-h200-mig__590.48.01__load.csv")), "clocks_event_reasons.active");
    assertEquals(295.01, mig.powerW());
    assertTrue(Double.isNaN(mig.utilizationPct()), "MIG mode reports [N/A] utilization");
    assertEquals(16959.0, mig.memoryUsedMib());
    GpuSample l40s = GpuSample.of(List.of(only("linux-x86_64__nvidia-l40s__595.80__load.csv")), "clocks_event_reasons.active");
    assertEquals(110.23, l40s.powerW());
    assertEquals(54.0, l40s.tempC());
    assertTrue(Double.isNaN(l40s.memoryTempC()));
    Map<String, String> h100 = only("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__idle.csv");
    assertEquals(700.0, NvidiaSmiCsv.number(h100.get("power.default_limit")));
    assertEquals(200.0, NvidiaSmiCsv.number(h100.get("power.min_limit")));
    assertEquals("Enabled", h100.get("persistence_mode"));
  }

  /**
   * HAND-WRITTEN sample, not a recording: the noheader,nounits form of NVIDIA's documented format (values
   * in the order of the requested fields), which the recordings above (taken with a header) do not show.
   */
  @Test
  void noHeaderNoUnitsFormIsReadByTheOrderOfTheRequestedFields() throws IOException {
    List<String> fields = List.of("index", "power.draw", "temperature.gpu", "persistence_mode");
    List<Map<String, String>> rows = NvidiaSmiCsv.parse("0, 71.24, 45, Enabled\n1, [N/A], 39, Disabled\n", fields);
    assertEquals(2, rows.size());
    assertEquals(71.24, NvidiaSmiCsv.number(rows.get(0).get("power.draw")));
    assertNull(rows.get(1).get("power.draw"));
    assertEquals("Disabled", rows.get(1).get("persistence_mode"));
    List<Map<String, String>> enabledOnly = NvidiaSmiCsv.parse("Enabled\n", List.of("persistence_mode"));
    assertEquals("Enabled", enabledOnly.get(0).get("persistence_mode"), "a value that looks like a name is still a value");
    assertThrows(IOException.class, () -> NvidiaSmiCsv.parse("0, 71.24\n", fields));
  }

  @Test
  void numbersWithAndWithoutUnitsAndMasks() {
    assertEquals(631.95, NvidiaSmiCsv.number("631.95 W"));
    assertEquals(100.0, NvidiaSmiCsv.number("100 %"));
    assertEquals(4.0, NvidiaSmiCsv.number("0x0000000000000004"));
    assertNull(NvidiaSmiCsv.number("[Requested functionality has been deprecated]"));
    assertNull(NvidiaSmiCsv.number("Enabled"));
  }

  @Test
  void probeWithoutNvidiaSmiSaysSoForEveryGpuKpi() {
    NvidiaSmiProbe p = new NvidiaSmiProbe(new NvidiaSmi(Tools.onPath(tmp.resolve("empty").toString())));
    Readings r = p.open().finish();
    assertTrue(r.values().isEmpty());
    assertEquals(p.kpis(), r.unavailable().keySet());
    assertTrue(r.unavailable().get("gpu_power_w").contains("nvidia-smi is not installed on this node"), r.unavailable().toString());
  }

  @Test
  void probeReadsAllGpuKpisAndCountsEccAsAChange() throws IOException {
    FakeNvidiaSmi fake = new FakeNvidiaSmi(tmp.resolve("bin"));
    NvidiaSmiProbe p = new NvidiaSmiProbe(new NvidiaSmi(fake.tools()));
    ProbeSession s = p.open();
    Readings first = s.sample();
    assertEquals(0.0, first.values().get("gpu_ecc_uncorrected_errors"), "a counter starts at its change, 0");
    Readings r = s.finish();
    assertEquals(250.5, r.values().get("gpu_power_w"));
    assertEquals(61.0, r.values().get("gpu_temp_c"));
    assertEquals(97.0, r.values().get("gpu_utilization_pct"));
    assertEquals(1024.0, r.values().get("gpu_memory_used_mib"));
    assertEquals(100.0, r.values().get("gpu_slowdown_pct"), "0x20, SW thermal slowdown, in every sample");
    assertEquals(1.0, r.values().get("gpu_ecc_uncorrected_errors"), "the fake's counter grew by one between the two readings");
    assertTrue(r.unavailable().get("gpu_memory_temp_c").contains("no memory temperature"), r.unavailable().toString());
  }

  @Test
  void probeFallsBackToTheOldThrottleFieldNameOnOlderDrivers() throws IOException {
    FakeNvidiaSmi fake = new FakeNvidiaSmi(tmp.resolve("bin"));
    fake.set("old-driver", true);
    NvidiaSmiProbe p = new NvidiaSmiProbe(new NvidiaSmi(fake.tools()));
    Readings r = p.open().finish();
    assertEquals(100.0, r.values().get("gpu_slowdown_pct"));
    assertTrue(fake.calls().contains("clocks_throttle_reasons.active"));
    fake.set("broken", true);
    Readings broken = p.open().finish();
    assertTrue(broken.unavailable().get("gpu_power_w").contains("couldn't communicate with the NVIDIA driver"), broken.unavailable().toString());
  }

  private static Knob powerKnob(String setting) {
    return new Knob.IntKnob("power_limit_pct", 50, 100, 10, false, null,
        new ActuatorSpec("nvidia-smi", null, Map.of(), Map.of("setting", setting, "gpu", 0L)));
  }

  @Test
  void powerLimitIsAPercentOfTheDefaultClampedToTheCardsRangeAndRestoredAfterTheTrial() throws Exception {
    FakeNvidiaSmi fake = new FakeNvidiaSmi(tmp.resolve("bin"));
    NvidiaSmiActuator a = new NvidiaSmiActuator(new NvidiaSmi(fake.tools()));
    Knob knob = powerKnob("power-limit-pct");
    assertEquals(Map.of("gpu", "0", "setting", "power-limit", "value", "280.00"), a.readStock(knob));
    a.apply(knob, 50L, new KnobEffects());
    assertEquals("150.00", fake.powerLimit(), "50% of the 300 W default");
    a.apply(knob, 20L, new KnobEffects());
    assertEquals("100.00", fake.powerLimit(), "clamped to power.min_limit");

    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("limit", new Kpi("limit", "W", Kpi.Better.LOWER, null));
    var domain = Fixtures.domain("gpu", List.of(knob), kpis);
    Map<String, KnobActuator> actuators = Map.of("nvidia-smi", a);
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", tmp.resolve("journal"), tmp.resolve("s"),
        Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(5));
    fake.set("deny", false);
    java.nio.file.Files.writeString(fake.dir.resolve("power.limit"), "280.00");
    try (LocalTrialExecutor ex = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), actuators)) {
      // The command reads the limit in force while the trial runs.
      var w = Fixtures.workload("command", "argv", List.of("sh", "-c", "printf '{\"limit\": %s}' $(cat " + fake.dir.resolve("power.limit") + ")"));
      TrialResult r = ex.run(Fixtures.trial(domain, Fixtures.genome("power_limit_pct", 70L), w, 0, 0, 0, Map.of(), true));
      assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
      assertEquals(210.0, r.kpis().get("limit"), "70% of 300 W while the trial ran");
      assertEquals("280.00", fake.powerLimit(), "restored after the trial");
      assertTrue(ex.journal().pending().isEmpty());

      TrialResult held = ex.run(Fixtures.trial(domain, Fixtures.genome("power_limit_pct", 70L), w, 0, 0, 1, Map.of(), false));
      assertEquals(280.0, held.kpis().get("limit"), "without --allow-system-changes the limit stays");
      assertTrue(held.unavailable().get("knob:power_limit_pct").contains("--allow-system-changes"));

      fake.set("deny", true);
      TrialResult denied = ex.run(Fixtures.trial(domain, Fixtures.genome("power_limit_pct", 70L), w, 0, 0, 2, Map.of(), true));
      assertEquals(TrialResult.Outcome.FAILED, denied.outcome());
      assertTrue(denied.error().contains("not supported in current scheduler"), denied.error());
      assertEquals("280.00", fake.powerLimit());
    }
  }

  @Test
  void aJournaledPowerLimitIsRestoredByALaterProcess() throws Exception {
    FakeNvidiaSmi fake = new FakeNvidiaSmi(tmp.resolve("bin"));
    NvidiaSmiActuator a = new NvidiaSmiActuator(new NvidiaSmi(fake.tools()));
    Knob knob = powerKnob("power-limit-w");
    ApplyJournal journal = new ApplyJournal(tmp.resolve("journal"));
    journal.record(ApplyJournal.entry("t/1", knob.name(), knob.actuator(), a.readStock(knob)));
    a.apply(knob, 120L, new KnobEffects());
    assertEquals("120.00", fake.powerLimit());
    // A new process: only the journal is left, without the actuator's params.
    List<ApplyJournal.Restored> restored = new ApplyJournal(tmp.resolve("journal")).restorePending(Map.of("nvidia-smi", a));
    assertTrue(restored.get(0).ok(), String.valueOf(restored.get(0).error()));
    assertEquals("280.00", fake.powerLimit());
    assertThrows(IOException.class, () -> a.apply(knob, 400L, new KnobEffects()), "400 W is above power.max_limit");
  }
}
