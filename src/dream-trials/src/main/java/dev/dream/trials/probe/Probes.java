package dev.dream.trials.probe;

import java.util.List;

/** The probes of a Linux node, all reading under the given system root. */
public final class Probes {
  private Probes() {}

  public static List<Probe> standard(SysRoot root) {
    return List.of(
        new CpuUtilizationProbe(root),
        new PressureProbe(root, "cpu"),
        new PressureProbe(root, "memory"),
        new PressureProbe(root, "io"),
        new TemperatureProbe(root),
        new RaplProbe(root),
        CounterProbe.thermalThrottle(root),
        CounterProbe.oomKills(root));
  }
}
