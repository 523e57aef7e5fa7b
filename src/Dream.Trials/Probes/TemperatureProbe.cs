namespace Dream.Trials.Probes;

/// <summary>
/// <c>cpu_temp_c</c>: the hottest CPU sensor, from hwmon (<c>/sys/class/hwmon/hwmon*/temp*_input</c>) and thermal zones
/// (<c>/sys/class/thermal/thermal_zone*/temp</c>), both in millidegrees. CPU sensors are the hwmon chips of CPU drivers
/// (coretemp, k10temp, zenpower, cpu_thermal…) and the zones whose type names the CPU or package (x86_pkg_temp,
/// cpu…). When a machine exposes none of those, the hottest of all sensors is used: a cap then errs on the safe
/// side. Sample() is the reading now; Finish() the peak over the phase.
/// </summary>
public sealed class TemperatureProbe(SysRoot root) : IProbe
{
    public const string Kpi = "cpu_temp_c";

    private static readonly IReadOnlySet<string> CpuChips = new HashSet<string>
        { "coretemp", "k10temp", "zenpower", "cpu_thermal", "cpu-thermal", "soc_thermal", "k8temp", "via_cputemp" };

    private readonly string _hwmon = root.Resolve("/sys/class/hwmon");
    private readonly string _thermal = root.Resolve("/sys/class/thermal");

    public IReadOnlySet<string> Kpis { get; } = new HashSet<string> { Kpi };

    private sealed record Sensor(string File, bool Cpu);

    private List<Sensor> Sensors()
    {
        var output = new List<Sensor>();
        foreach (var chip in SysRoot.List(_hwmon, @"hwmon\d+"))
        {
            var cpu = CpuChips.Contains(ReadOr(Path.Combine(chip, "name"), ""));
            foreach (var f in SysRoot.List(chip, @"temp\d+_input")) output.Add(new Sensor(f, cpu));
        }
        foreach (var zone in SysRoot.List(_thermal, @"thermal_zone\d+"))
        {
            var type = ReadOr(Path.Combine(zone, "type"), "").ToLowerInvariant();
            var cpu = type.Contains("x86_pkg") || type.Contains("cpu") || type.Contains("soc") || type.Contains("pkg");
            var temp = Path.Combine(zone, "temp");
            if (SysRoot.Exists(temp)) output.Add(new Sensor(temp, cpu));
        }
        return output;
    }

    /// <summary>The hottest CPU sensor now (or of all sensors when none is known as a CPU's), in °C.</summary>
    internal double Read()
    {
        var all = Sensors();
        var anyCpu = all.Any(s => s.Cpu);
        var max = double.NaN;
        Exception? last = null;
        foreach (var s in all)
        {
            if (anyCpu && !s.Cpu) continue;
            try
            {
                var c = SysRoot.ReadLong(s.File) / 1000.0;
                if (double.IsNaN(max) || c > max) max = c;
            }
            catch (IOException e)
            {
                last = e; // a sensor that cannot be read right now (some report EAGAIN); the others still count
            }
        }
        if (double.IsNaN(max))
            throw last ?? new NoSuchFileException("no temperature sensor under " + _hwmon + " or " + _thermal);
        return max;
    }

    public IProbeSession Open() => new PeakSession(Kpi, "temperature", Read);

    private static string ReadOr(string p, string fallback)
    {
        try
        {
            return SysRoot.Read(p);
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
