package dev.dream.trials;

import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeGroup;
import dev.dream.trials.probe.Readings;
import java.util.List;

/**
 * The probe sessions of a trial: one over the warm-up, then a fresh one over the measured part, so that the
 * trial's KPIs (averages, counter changes) cover exactly what the workload measured, while the caps are
 * watched from the moment the knobs are applied.
 */
final class PhasedProbes {
  private final List<Probe> probes;
  private ProbeGroup current;

  PhasedProbes(List<Probe> probes) {
    this.probes = probes;
    this.current = ProbeGroup.open(probes);
  }

  synchronized Readings sample() {
    return current.sample();
  }

  /** Ends the warm-up: returns its last sample (still to be checked against the caps) and starts afresh. */
  synchronized Readings beginMeasurement() {
    Readings last = current.sample();
    current = ProbeGroup.open(probes);
    return last;
  }

  synchronized Readings finish() {
    return current.finish();
  }
}
