namespace Dream.Trials.Probes;

/// <summary>
/// Pressure stall information (<c>/proc/pressure/cpu|memory|io</c>): <c>&lt;resource&gt;_pressure_pct</c>, the share of
/// wall-clock time in which some task stalled on the resource, from the "some" line's <c>total</c> (microseconds)
/// deltas. The kernel's own avg10/avg60 would mix in time before the trial.
/// </summary>
public sealed class PressureProbe : IProbe
{
    private readonly string _resource;
    private readonly string _kpi;
    private readonly string _file;
    private readonly Func<long> _clock;

    public PressureProbe(SysRoot root, string resource) : this(root, resource, NanoClock.Now) { }

    internal PressureProbe(SysRoot root, string resource, Func<long> clock)
    {
        _clock = clock;
        _resource = resource;
        _kpi = resource + "_pressure_pct";
        _file = root.Resolve("/proc/pressure/" + resource);
        Kpis = new HashSet<string> { _kpi };
    }

    public IReadOnlySet<string> Kpis { get; }

    internal long Read()
    {
        foreach (var line in SysRoot.Read(_file).Split('\n'))
        {
            if (!line.StartsWith("some ", StringComparison.Ordinal)) continue;
            foreach (var field in SysRoot.Fields(line))
                if (field.StartsWith("total=", StringComparison.Ordinal)) return SysRoot.ParseLong(field[6..]);
        }
        throw new IOException(_file + " has no 'some ... total=' line");
    }

    public IProbeSession Open() => DeltaSession.Begin(_kpi, _clock, () => [Read()],
        _file + " (pressure stall information; needs a kernel with CONFIG_PSI, psi not disabled)",
        (from, to, seconds) => seconds > 0 ? Math.Min(100, Math.Max(0, (to[0] - from[0]) / 1e4 / seconds)) : double.NaN);

    public override string ToString() => "PressureProbe(" + _resource + ")";
}
