package dev.dream.trials;

import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Readings;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;

/** A probe whose reading is a function of how many times it has been sampled in the trial. */
final class FakeProbe implements Probe {
  final String kpi;
  final IntToDoubleFunction value;
  final AtomicInteger samples = new AtomicInteger();

  FakeProbe(String kpi, IntToDoubleFunction value) {
    this.kpi = kpi;
    this.value = value;
  }

  @Override
  public Set<String> kpis() {
    return Set.of(kpi);
  }

  @Override
  public ProbeSession open() {
    return new ProbeSession() {
      @Override
      public Readings sample() {
        return Readings.of(kpi, value.applyAsDouble(samples.getAndIncrement()));
      }

      @Override
      public Readings finish() {
        return Readings.of(kpi, value.applyAsDouble(samples.get()));
      }
    };
  }
}
