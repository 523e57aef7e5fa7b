package dev.dream.trials;

import static dev.dream.trials.Fixtures.genome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.Kpi;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobApplier;
import dev.dream.trials.knob.WorkloadArgActuator;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.sim.SimFunction;
import dev.dream.trials.sim.SimKpis;
import dev.dream.trials.sim.SimParams;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadRegistry;
import dev.dream.trials.workload.WorkloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalTrialExecutorTest {
  @TempDir Path data;
  private final FakeMachineActuator machine = new FakeMachineActuator();
  private LocalTrialExecutor executor;

  private static final WorkloadSpec SIM =
      Fixtures.workload("sim", "function", "sphere", "optimum", Map.of("threads", 12, "util", 0.75), "noise", 0.05);

  private static DomainSpec domain(Map<String, Kpi> kpis) {
    ActuatorSpec gov = new ActuatorSpec("fake-sys", "gov", Map.of(), Map.of());
    ActuatorSpec smt = new ActuatorSpec("fake-sys", "smt", Map.of("true", "on", "false", "off"), Map.of());
    return Fixtures.domain(
        "simcpu",
        List.of(
            Fixtures.intKnob("threads", 1, 64, 8),
            Fixtures.floatKnob("util", 0.25, 1.0, 0.25, 0.5),
            new Knob.ChoiceKnob("governor", List.of("performance", "schedutil", "powersave"), null, gov),
            new Knob.BoolKnob("smt", null, smt)),
        kpis);
  }

  private static final Genome G = genome("threads", 16L, "util", 0.5, "governor", "performance", "smt", false);

  private LocalTrialExecutor executor(WorkloadRegistry w, List<Probe> probes) throws Exception {
    LocalTrialExecutor.Options o =
        new LocalTrialExecutor.Options(
            "node-a", data.resolve("journal"), data.resolve("scratch"), Duration.ofMillis(20),
            Duration.ofMillis(300), Duration.ofSeconds(2));
    machine.machine.put("gov", "schedutil");
    machine.machine.put("smt", "on");
    Map<String, KnobActuator> actuators = Map.of("workload-arg", new WorkloadArgActuator(), "fake-sys", machine);
    executor = new LocalTrialExecutor(o, w, probes, actuators);
    return executor;
  }

  @AfterEach
  void close() {
    if (executor != null) executor.close();
  }

  private static TrialSpec trial(DomainSpec d, WorkloadSpec w, double warmup, double duration, Map<String, Caps.Cap> caps, boolean allow) {
    return Fixtures.trial(d, G, w, warmup, duration, 1, caps, allow);
  }

  @Test
  void aSimTrialReportsTheSimKpisUnderTheDomainsNames() throws Exception {
    TrialSpec spec = trial(domain(Fixtures.simKpis()), SIM, 0, 0, Map.of(), false);
    TrialResult r = executor(WorkloadRegistry.standard(), List.of()).run(spec);
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    SimKpis k = SimFunction.kpis(SimParams.from(SIM), spec.domainSpec().knobs(), G, 42, "normal", 1);
    assertEquals(Map.of("perf", k.perf(), "p95_ms", k.p95Ms(), "watts", k.watts()), r.kpis());
    assertEquals("node-a", r.node());
    assertEquals(spec.trialId(), r.trialId());
    assertNull(r.error());
  }

  @Test
  void simKpisReachDomainKpisOfAnotherNameThroughTheirRole() throws Exception {
    Map<String, Kpi> kpis = new LinkedHashMap<>();
    kpis.put("throughput_ops", new Kpi("throughput_ops", "ops/s", Kpi.Better.HIGHER, Kpi.Role.PERF));
    kpis.put("p95_latency_ms", new Kpi("p95_latency_ms", "ms", Kpi.Better.LOWER, Kpi.Role.P95));
    kpis.put("package_power_w", new Kpi("package_power_w", "W", Kpi.Better.LOWER, Kpi.Role.WATTS));
    kpis.put("cpu_temp_c", new Kpi("cpu_temp_c", "C", Kpi.Better.LOWER, null));
    FakeProbe power = new FakeProbe("package_power_w", n -> 99.0);
    TrialSpec spec = trial(domain(kpis), SIM, 0, 0, Map.of(), false);
    TrialResult r = executor(WorkloadRegistry.standard(), List.of(power)).run(spec);
    SimKpis k = SimFunction.kpis(SimParams.from(SIM), spec.domainSpec().knobs(), G, 42, "normal", 1);
    assertEquals(Map.of("throughput_ops", k.perf(), "p95_latency_ms", k.p95Ms(), "package_power_w", k.watts()), r.kpis());
    // A sim trial never reads the machine for a KPI the workload provides...
    assertEquals(0, power.samples.get());
    // ...and a KPI that nothing measures is unavailable with a reason, never made up.
    assertTrue(r.unavailable().get("cpu_temp_c").contains("no probe"), r.unavailable().toString());
  }

  @Test
  void probeReadingsBecomeKpis() throws Exception {
    Map<String, Kpi> kpis = new LinkedHashMap<>(Fixtures.simKpis());
    kpis.put("cpu_temp_c", new Kpi("cpu_temp_c", "C", Kpi.Better.LOWER, null));
    TrialResult r =
        executor(WorkloadRegistry.standard(), List.of(new FakeProbe("cpu_temp_c", n -> 40 + n)))
            .run(trial(domain(kpis), SIM, 0, 0, Map.of(), false));
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertTrue(r.kpis().get("cpu_temp_c") >= 40);
  }

  @Test
  void systemKnobsAreHeldAtStockUnlessAllowedAndTheResultSaysSo() throws Exception {
    AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
    WorkloadRegistry w = WorkloadRegistry.standard().with("probe-machine", s -> new Workload() {
      @Override public Set<String> kpis() { return Set.of("perf"); }
      @Override public WorkloadResult run(WorkloadContext ctx) {
        seen.set(Map.of("gov", machine.machine.get("gov"), "threads", ctx.params().get("threads")));
        return WorkloadResult.of(Map.of("perf", 1.0));
      }
    });
    executor(w, List.of());
    DomainSpec d = domain(Map.of());
    TrialResult held = executor.run(trial(d, Fixtures.workload("probe-machine"), 0, 0, Map.of(), false));
    assertEquals(TrialResult.Outcome.OK, held.outcome(), held.error());
    assertEquals(Map.of("gov", "schedutil", "threads", 16L), seen.get());
    assertEquals(KnobApplier.HELD_REASON, held.unavailable().get("knob:governor"));
    assertEquals(KnobApplier.HELD_REASON, held.unavailable().get("knob:smt"));
    assertTrue(machine.log.isEmpty());

    TrialResult applied = executor.run(trial(d, Fixtures.workload("probe-machine"), 0, 0, Map.of(), true));
    assertEquals(TrialResult.Outcome.OK, applied.outcome(), applied.error());
    assertEquals("performance", seen.get().get("gov"));
    assertFalse(applied.unavailable().containsKey("knob:governor"));
    assertEquals(List.of("apply governor", "apply smt", "restore smt", "restore gov"), machine.log);
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
    assertTrue(executor.journal().pending().isEmpty());
  }

  @Test
  void aProbeBreachDuringWarmUpAbortsTheTrialAndRestoresTheKnobs() throws Exception {
    FakeProbe temp = new FakeProbe("cpu_temp_c", n -> 45.0);
    Map<String, Caps.Cap> caps = Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 30.0));
    TrialSpec spec = trial(domain(Fixtures.simKpis()), SIM, 3600, 3600, caps, true);
    TrialResult r = executor(WorkloadRegistry.standard(), List.of(temp)).run(spec);
    assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome());
    CapBreach b = r.capBreaches().get(0);
    assertEquals(new CapBreach("normal", 1, "cpu_temp_c", 45.0, 30.0, "max", b.atS()), b);
    assertTrue(r.kpis().isEmpty());
    assertTrue(r.error().contains("cpu_temp_c") && !r.error().contains("abandoned"), r.error());
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
    assertTrue(executor.journal().pending().isEmpty());
  }

  @Test
  void aBreachLaterInTheRunIsCaughtOnTheSampleThatShowsIt() throws Exception {
    FakeProbe temp = new FakeProbe("cpu_temp_c", n -> n < 5 ? 50.0 : 95.0);
    Map<String, Caps.Cap> caps = Map.of("cpu_temp_c", new Caps.Cap("cpu_temp_c", null, 90.0));
    TrialResult r =
        executor(WorkloadRegistry.standard(), List.of(temp)).run(trial(domain(Fixtures.simKpis()), SIM, 0, 3600, caps, false));
    assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome());
    assertEquals(95.0, r.capBreaches().get(0).value());
    assertTrue(temp.samples.get() >= 6);
  }

  @Test
  void aValuePublishedByTheWorkloadIsCheckedAgainstTheCaps() throws Exception {
    WorkloadRegistry w = WorkloadRegistry.standard().with("hot", s -> new Workload() {
      @Override public Set<String> kpis() { return Set.of("errors"); }
      @Override public WorkloadResult run(WorkloadContext ctx) throws Exception {
        ctx.publish("errors", 3);
        ctx.sleep(3600);
        return WorkloadResult.of(Map.of("errors", 3.0));
      }
    });
    Map<String, Caps.Cap> caps = Map.of("errors", new Caps.Cap("errors", null, 0.0));
    TrialResult r = executor(w, List.of()).run(trial(domain(Map.of()), Fixtures.workload("hot"), 0, 3600, caps, false));
    assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome());
    assertEquals("errors", r.capBreaches().get(0).kpi());
  }

  @Test
  void theWorkloadsFinalKpisAreCheckedToo() throws Exception {
    Map<String, Caps.Cap> caps = Map.of("perf", new Caps.Cap("perf", 2000.0, null));
    TrialResult r = executor(WorkloadRegistry.standard(), List.of()).run(trial(domain(Fixtures.simKpis()), SIM, 0, 0, caps, false));
    assertEquals(TrialResult.Outcome.CAP_BREACH, r.outcome());
    assertEquals("min", r.capBreaches().get(0).bound());
    assertTrue(r.kpis().isEmpty());
  }

  @Test
  void aHungWorkloadTimesOutAtTheGlobalBoundAndIsCancelled() throws Exception {
    AtomicReference<Boolean> cancelled = new AtomicReference<>(false);
    WorkloadRegistry w = WorkloadRegistry.standard().with("hang", s -> new Workload() {
      @Override public Set<String> kpis() { return Set.of(); }
      @Override public WorkloadResult run(WorkloadContext ctx) throws Exception {
        ctx.onCancel(() -> cancelled.set(true));
        ctx.sleep(3600);
        return WorkloadResult.of(Map.of());
      }
    });
    TrialSpec base = trial(domain(Map.of()), Fixtures.workload("hang"), 0, 3600, Map.of(), true);
    TrialSpec spec = new TrialSpec(base.trialId(), base.runId(), base.domain(), base.candId(), base.regime(), base.index(),
        base.genome(), base.domainSpec(), base.regimeSpec(), base.execution(), base.caps(), new Caps.Global(3, 0.2, 2),
        base.runSeed(), true);
    TrialResult r = executor(w, List.of()).run(spec);
    assertEquals(TrialResult.Outcome.TIMEOUT, r.outcome());
    assertTrue(cancelled.get());
    assertTrue(r.error().contains("max_trial_duration_s 0.2"), r.error());
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
  }

  @Test
  void interruptingTheCallerCancelsTheWorkloadAndRestoresTheKnobs() throws Exception {
    AtomicReference<Boolean> cancelled = new AtomicReference<>(false);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    WorkloadRegistry w = WorkloadRegistry.standard().with("long", s -> new Workload() {
      @Override public Set<String> kpis() { return Set.of(); }
      @Override public WorkloadResult run(WorkloadContext ctx) throws Exception {
        ctx.onCancel(() -> cancelled.set(true));
        started.countDown();
        ctx.sleep(3600);
        return WorkloadResult.of(Map.of());
      }
    });
    executor(w, List.of());
    AtomicReference<TrialResult> result = new AtomicReference<>();
    Thread caller = new Thread(() -> result.set(executor.run(trial(domain(Map.of()), Fixtures.workload("long"), 0, 3600, Map.of(), true))));
    caller.start();
    started.await();
    caller.interrupt();
    caller.join();
    assertEquals(TrialResult.Outcome.FAILED, result.get().outcome());
    assertTrue(result.get().error().contains("interrupted"), result.get().error());
    assertTrue(cancelled.get());
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
  }

  @Test
  void theDeadlineIsThePlannedTimeTimesTheMultiplierBoundedByTheGlobalMaximum() throws Exception {
    LocalTrialExecutor.Options o = LocalTrialExecutor.Options.defaults("n", data);
    DomainSpec d = domain(Map.of());
    assertEquals((2 + 100) * 1.5, LocalTrialExecutor.deadlineS(trial(d, SIM, 2, 100, Map.of(), false), o), 1e-9);
    assertEquals(300, LocalTrialExecutor.deadlineS(trial(d, SIM, 2, 1000, Map.of(), false), o), 1e-9);
    assertEquals(2, LocalTrialExecutor.deadlineS(trial(d, SIM, 0, 0, Map.of(), false), o), 1e-9);
  }

  @Test
  void aFailingWorkloadFailsTheTrialAndStillRestoresTheKnobs() throws Exception {
    WorkloadRegistry w = WorkloadRegistry.standard().with("boom", s -> new Workload() {
      @Override public Set<String> kpis() { return Set.of(); }
      @Override public WorkloadResult run(WorkloadContext ctx) { throw new IllegalStateException("disk on fire"); }
    });
    TrialResult r = executor(w, List.of()).run(trial(domain(Map.of()), Fixtures.workload("boom"), 0, 0, Map.of(), true));
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("disk on fire"));
    assertTrue(r.kpis().isEmpty());
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
  }

  @Test
  void aKnobThatCannotBeAppliedFailsTheTrialAndUndoesTheOthers() throws Exception {
    executor(WorkloadRegistry.standard(), List.of());
    machine.failApplyOf = "smt";
    TrialResult r = executor.run(trial(domain(Fixtures.simKpis()), SIM, 0, 0, Map.of(), true));
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("smt") && r.error().contains("permission denied"), r.error());
    assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
    assertTrue(executor.journal().pending().isEmpty());
  }

  @Test
  void aFailedRestoreFailsTheTrialKeepsTheJournalAndIsRepairedByTheNextExecutor() throws Exception {
    executor(WorkloadRegistry.standard(), List.of());
    machine.failRestore = true;
    TrialResult r = executor.run(trial(domain(Fixtures.simKpis()), SIM, 0, 0, Map.of(), true));
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("device busy"), r.error());
    assertEquals(2, executor.journal().pending().size());
    assertEquals("performance", machine.machine.get("gov"));
    // While the machine is known to be changed, this executor refuses to measure it.
    executor.close();
    // Still broken on restart: trials are refused with what to do.
    Map<String, KnobActuator> actuators = Map.of("fake-sys", machine, "workload-arg", new WorkloadArgActuator());
    LocalTrialExecutor.Options o = LocalTrialExecutor.Options.defaults("node-a", data).withSamplePeriod(Duration.ofMillis(20));
    o = new LocalTrialExecutor.Options(o.node(), data.resolve("journal"), data.resolve("scratch"), o.samplePeriod(), o.cancelGrace(), o.deadlineSlack());
    try (LocalTrialExecutor stillBroken = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), actuators)) {
      TrialResult refused = stillBroken.run(trial(domain(Fixtures.simKpis()), SIM, 0, 0, Map.of(), false));
      assertEquals(TrialResult.Outcome.FAILED, refused.outcome());
      assertTrue(refused.error().contains("refuses to measure"), refused.error());
    }
    machine.failRestore = false;
    try (LocalTrialExecutor restarted = new LocalTrialExecutor(o, WorkloadRegistry.standard(), List.of(), actuators)) {
      assertEquals(2, restarted.recovery().size());
      assertTrue(restarted.recovery().stream().allMatch(x -> x.ok()));
      assertEquals(Map.of("gov", "schedutil", "smt", "on"), machine.machine);
      assertTrue(restarted.journal().pending().isEmpty());
      assertEquals(TrialResult.Outcome.OK, restarted.run(trial(domain(Fixtures.simKpis()), SIM, 0, 0, Map.of(), false)).outcome());
    }
  }

  @Test
  void anUnknownWorkloadKindOrABadRegimeFailsWithTheReason() throws Exception {
    executor(WorkloadRegistry.standard(), List.of());
    TrialResult r = executor.run(trial(domain(Fixtures.simKpis()), Fixtures.workload("gpu-burn"), 0, 0, Map.of(), false));
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.error().contains("gpu-burn is not available"), r.error());
    WorkloadSpec bad = Fixtures.workload("sim", "optimum", Map.of("cores", 3));
    TrialResult r2 = executor.run(trial(domain(Fixtures.simKpis()), bad, 0, 0, Map.of(), false));
    assertEquals(TrialResult.Outcome.FAILED, r2.outcome());
    assertTrue(r2.error().contains("cores"), r2.error());
    assertTrue(!Files.exists(data.resolve("scratch")) || Files.list(data.resolve("scratch")).findAny().isEmpty(),
        "no scratch directory is left behind");
  }

  /** What the JVM shutdown hook does to a trial in flight: one second of sim work, stopped a moment in. */
  private TrialResult stoppedMidTrial(Duration grace) throws Exception {
    LocalTrialExecutor x = executor(WorkloadRegistry.standard(), List.of());
    x.finishTrialsOnShutdown(grace);
    TrialSpec spec = trial(domain(Fixtures.simKpis()), SIM, 0, 1.0, Map.of(), true);
    java.util.concurrent.CompletableFuture<TrialResult> result = java.util.concurrent.CompletableFuture.supplyAsync(() -> x.run(spec));
    while (x.trialsInFlight() == 0) Thread.sleep(5);
    assertEquals("performance", machine.machine.get("gov")); // the knob is applied while it runs
    x.stopInFlight();
    TrialResult r = result.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("schedutil", machine.machine.get("gov")); // and restored either way
    return r;
  }

  @Test
  void atShutdownATrialInFlightIsCancelledAtOnceByDefaultAndSaysItWasInterrupted() throws Exception {
    TrialResult r = stoppedMidTrial(Duration.ZERO);
    assertEquals(TrialResult.Outcome.FAILED, r.outcome());
    assertTrue(r.interrupted(), r.error()); // not the candidate's failure: it is to run again
    assertTrue(r.kpis().isEmpty());
  }

  @Test
  void atShutdownANodeLeavingGracefullyLetsItsTrialFinish() throws Exception {
    TrialResult r = stoppedMidTrial(Duration.ofSeconds(20));
    assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
    assertFalse(r.interrupted());
    assertTrue(r.durationS() >= 1.0, String.valueOf(r.durationS()));
  }
}
