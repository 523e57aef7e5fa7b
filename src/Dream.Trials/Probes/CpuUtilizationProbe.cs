namespace Dream.Trials.Probes;

/// <summary>
/// <c>cpu_util_pct</c>: the busy share of all CPUs from <c>/proc/stat</c> deltas, 0–100. Busy is every state but
/// idle and iowait; guest time is already inside user time, so it is not added again.
/// </summary>
public sealed class CpuUtilizationProbe(SysRoot root) : IProbe
{
    public const string Kpi = "cpu_util_pct";
    private readonly string _stat = root.Resolve("/proc/stat");

    public IReadOnlySet<string> Kpis { get; } = new HashSet<string> { Kpi };

    /// <summary>{busy, total} jiffies of the aggregate "cpu" line.</summary>
    internal long[] Read()
    {
        foreach (var line in SysRoot.Read(_stat).Split('\n'))
        {
            var f = SysRoot.Fields(line);
            if (f[0] != "cpu") continue;
            long total = 0, idle = 0;
            // user nice system idle iowait irq softirq steal [guest guest_nice]: guest is counted in user.
            for (var i = 1; i < f.Length && i <= 8; i++)
            {
                var v = SysRoot.ParseLong(f[i]);
                total += v;
                if (i is 4 or 5) idle += v;
            }
            return [total - idle, total];
        }
        throw new IOException(_stat + " has no aggregate cpu line");
    }

    public IProbeSession Open() => DeltaSession.Begin(Kpi, NanoClock.Now, Read, _stat, (from, to, _) =>
    {
        var total = to[1] - from[1];
        return total > 0 ? 100.0 * (to[0] - from[0]) / total : double.NaN;
    });
}
