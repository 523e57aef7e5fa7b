package dev.dream.trials.probe;

import dev.dream.trials.gpu.NvidiaSmi;
import dev.dream.trials.gpu.NvidiaSmiProbe;
import dev.dream.trials.process.Tools;
import java.util.List;

/** The probes of a Linux node, all reading under the given system root. */
public final class Probes {
  private Probes() {}

  public static List<Probe> standard(SysRoot root) {
    return standard(root, Tools.system());
  }

  /** As {@link #standard(SysRoot)}; {@code tools} finds nvidia-smi for the GPU readings. */
  public static List<Probe> standard(SysRoot root, Tools tools) {
    return List.of(
        new CpuUtilizationProbe(root),
        new PressureProbe(root, "cpu"),
        new PressureProbe(root, "memory"),
        new PressureProbe(root, "io"),
        new TemperatureProbe(root),
        new RaplProbe(root),
        CounterProbe.thermalThrottle(root),
        CounterProbe.oomKills(root),
        CounterProbe.tcpRetransmits(root),
        CounterProbe.ioErrors(root),
        CounterProbe.eccUncorrected(root),
        RateProbe.contextSwitches(root),
        RateProbe.majorFaults(root),
        HwmonProbe.disks(root),
        HwmonProbe.dimms(root),
        new NvidiaSmiProbe(new NvidiaSmi(tools)));
  }
}
