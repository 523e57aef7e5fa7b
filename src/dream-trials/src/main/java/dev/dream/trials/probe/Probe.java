package dev.dream.trials.probe;

import java.util.Set;

/**
 * Reads some KPIs from the machine during a trial (temperatures, power, counters). A probe is shared by
 * all trials of a node; each trial phase opens its own {@link ProbeSession}.
 */
public interface Probe {
  /** The KPIs this probe reports (its names are the domain's KPI names, e.g. {@code cpu_temp_c}). */
  Set<String> kpis();

  /** Starts reading: takes the reference for counters and rates. Never throws: failures are unavailable. */
  ProbeSession open();
}
