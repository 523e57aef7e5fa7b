namespace Dream.Trials.Probes;

/// <summary>
/// A cumulative kernel counter as a rate over the trial phase: Sample() over the time since the previous sample,
/// Finish() over the whole phase. <c>context_switches_per_s</c> (the <c>ctxt</c> line of <c>/proc/stat</c>, all CPUs)
/// and <c>major_faults_per_s</c> (<c>pgmajfault</c> of <c>/proc/vmstat</c>: page faults that had to read from disk).
/// </summary>
public sealed class RateProbe : IProbe
{
    private readonly string _kpi;
    private readonly string _file;
    private readonly string _key;
    private readonly Func<long> _clock;

    private RateProbe(string kpi, string file, string key, Func<long> clock)
    {
        _kpi = kpi;
        _file = file;
        _key = key;
        _clock = clock;
        Kpis = new HashSet<string> { kpi };
    }

    /// <summary>The same probe reading time from <paramref name="clock"/> (nanoseconds), for tests.</summary>
    internal RateProbe WithClock(Func<long> clock) => new(_kpi, _file, _key, clock);

    public static RateProbe ContextSwitches(SysRoot root) =>
        new("context_switches_per_s", root.Resolve("/proc/stat"), "ctxt", NanoClock.Now);

    public static RateProbe MajorFaults(SysRoot root) =>
        new("major_faults_per_s", root.Resolve("/proc/vmstat"), "pgmajfault", NanoClock.Now);

    public IReadOnlySet<string> Kpis { get; }

    internal long Read()
    {
        foreach (var line in SysRoot.Read(_file).Split('\n'))
        {
            var f = SysRoot.Fields(line);
            if (f.Length == 2 && f[0] == _key) return SysRoot.ParseLong(f[1]);
        }
        throw new NoSuchFileException(_file + " " + _key + " line");
    }

    public IProbeSession Open() => DeltaSession.Begin(_kpi, _clock, () => [Read()], _file + " " + _key,
        (from, to, seconds) => seconds > 0 ? (to[0] - from[0]) / seconds : double.NaN);
}
