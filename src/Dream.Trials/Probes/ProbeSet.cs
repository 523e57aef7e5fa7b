using Dream.Trials.Gpu;
using Dream.Trials.Processes;

namespace Dream.Trials.Probes;

/// <summary>The probes of a Linux node, all reading under the given system root (Java's <c>Probes</c>).</summary>
public static class ProbeSet
{
    public static IReadOnlyList<IProbe> Standard(SysRoot root) => Standard(root, Tools.System());

    /// <summary>As <see cref="Standard(SysRoot)"/>; <paramref name="tools"/> finds nvidia-smi for the GPU readings.</summary>
    public static IReadOnlyList<IProbe> Standard(SysRoot root, Tools tools) =>
    [
        new CpuUtilizationProbe(root),
        new PressureProbe(root, "cpu"),
        new PressureProbe(root, "memory"),
        new PressureProbe(root, "io"),
        new TemperatureProbe(root),
        new RaplProbe(root),
        CounterProbe.ThermalThrottle(root),
        CounterProbe.OomKills(root),
        CounterProbe.TcpRetransmits(root),
        CounterProbe.IoErrors(root),
        CounterProbe.EccUncorrected(root),
        RateProbe.ContextSwitches(root),
        RateProbe.MajorFaults(root),
        HwmonProbe.Disks(root),
        HwmonProbe.Dimms(root),
        new NvidiaSmiProbe(new NvidiaSmi(tools)),
    ];
}
