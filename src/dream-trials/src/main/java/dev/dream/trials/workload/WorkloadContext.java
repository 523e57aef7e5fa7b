package dev.dream.trials.workload;

import dev.dream.trials.TrialSpec;
import dev.dream.trials.process.Placement;
import dev.dream.trials.process.ProcessRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What a workload sees of its trial: the spec, its parameters, the knob values given to it, and the
 * executor's cancellation.
 *
 * <p>{@link #params()} is the regime's workload parameters, completed by the candidate's {@code workload-arg}
 * knob values for the parameters the regime leaves out. A value the regime writes out is a condition of the
 * regime and stays (an idle regime's {@code threads: 1} stays 1 whatever the candidate's threads knob says);
 * a parameter written as {@code "{knob}"} takes that knob's value (see {@link #knobValue}), which is how a
 * regime hands a knob to its workload explicitly.
 */
public final class WorkloadContext {
  private final TrialSpec spec;
  private final Map<String, Object> params;
  private final Map<String, Object> knobArgs;
  private final Map<String, String> env;
  private final Path scratchDir;
  private final Placement placement;
  private final BiConsumer<String, Double> live;
  private final ProcessRecorder processes;
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private final List<Runnable> cancelHooks = new ArrayList<>();

  public WorkloadContext(
      TrialSpec spec,
      Map<String, Object> knobArgs,
      Map<String, String> env,
      Path scratchDir,
      BiConsumer<String, Double> live) {
    this(spec, knobArgs, env, Placement.NONE, scratchDir, live, ProcessRecorder.NONE);
  }

  /** {@code processes}: where the processes this workload starts are journaled (see {@link ProcessRecorder}). */
  public WorkloadContext(
      TrialSpec spec,
      Map<String, Object> knobArgs,
      Map<String, String> env,
      Placement placement,
      Path scratchDir,
      BiConsumer<String, Double> live,
      ProcessRecorder processes) {
    this.spec = spec;
    this.processes = processes == null ? ProcessRecorder.NONE : processes;
    this.knobArgs = Collections.unmodifiableMap(new LinkedHashMap<>(knobArgs));
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    Map<String, Object> merged = new LinkedHashMap<>(knobArgs);
    spec.regimeSpec().workload().params().forEach((k, v) -> merged.put(k, resolve(v)));
    this.params = Collections.unmodifiableMap(merged);
    this.placement = placement == null ? Placement.NONE : placement;
    this.scratchDir = scratchDir;
    this.live = live == null ? (k, v) -> {} : live;
  }

  /** A parameter that is exactly "{knob}" becomes the knob's value; anything else stays as written. */
  private Object resolve(Object value) {
    if (value instanceof String s) {
      java.util.regex.Matcher m = Placeholders.PATTERN.matcher(s);
      if (m.matches()) {
        Object v = knobValue(m.group(1));
        if (v != null) return v;
      }
    }
    return value;
  }

  /**
   * The candidate's value of knob {@code name} as the workload should see it: the value a
   * {@code workload-arg} knob hands over, else the genome's value; null for an unknown name.
   */
  public Object knobValue(String name) {
    if (knobArgs.containsKey(name)) return knobArgs.get(name);
    return spec.genome().get(name);
  }

  /** How the processes this workload starts are placed (CPU affinity, nice, policy, cgroup). */
  public Placement placement() {
    return placement;
  }

  /** Where the processes this workload starts are durably noted until their trees have ended. */
  public ProcessRecorder processes() {
    return processes;
  }

  public TrialSpec spec() {
    return spec;
  }

  public Map<String, Object> params() {
    return params;
  }

  public Map<String, Object> knobArgs() {
    return knobArgs;
  }

  /** Environment variables set by {@code env} knobs, for workloads that start processes. */
  public Map<String, String> env() {
    return env;
  }

  /**
   * A directory this trial may write into, created on first use (most trials need none) and removed by
   * the executor after the trial.
   */
  public synchronized Path scratchDir() {
    if (scratchDir == null) throw new IllegalStateException("this trial has no scratch directory");
    try {
      return java.nio.file.Files.createDirectories(scratchDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the trial's scratch directory " + scratchDir, e);
    }
  }

  public double warmupS() {
    return spec.execution().warmupS();
  }

  public double durationS() {
    return spec.regimeSpec().durationS();
  }

  public Params param() {
    return new Params(params, "workload " + spec.regimeSpec().workload().kind());
  }

  /** Reports a KPI value while the trial runs, so that caps are checked on it at once. */
  public void publish(String kpi, double value) {
    live.accept(kpi, value);
  }

  public boolean cancelled() {
    return cancelled.getCount() == 0;
  }

  /**
   * Registers what stops this workload's own threads or processes on cancellation (close a socket, kill a
   * process tree); runs at once if the trial is already cancelled.
   */
  public void onCancel(Runnable hook) {
    boolean now;
    synchronized (cancelHooks) {
      now = cancelled();
      if (!now) cancelHooks.add(hook);
    }
    if (now) hook.run();
  }

  /** Called by the executor; idempotent. Hooks run on the caller's thread. */
  public void cancel() {
    List<Runnable> hooks;
    synchronized (cancelHooks) {
      if (cancelled()) return;
      cancelled.countDown();
      hooks = List.copyOf(cancelHooks);
      cancelHooks.clear();
    }
    for (Runnable h : hooks) {
      try {
        h.run();
      } catch (RuntimeException ignored) {
        // A failing hook must not keep the others from stopping their part of the workload.
      }
    }
  }

  /** Waits {@code seconds} of wall-clock time; ends early with {@link CancellationException} on cancel. */
  public void sleep(double seconds) throws InterruptedException {
    if (seconds <= 0) {
      if (cancelled()) throw new CancellationException("trial cancelled");
      return;
    }
    if (cancelled.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS)) {
      throw new CancellationException("trial cancelled");
    }
  }
}
