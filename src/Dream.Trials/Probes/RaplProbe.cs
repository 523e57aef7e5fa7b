namespace Dream.Trials.Probes;

/// <summary>
/// <c>package_power_w</c>: CPU package power from the RAPL energy counters of the powercap framework
/// (<c>/sys/class/powercap/intel-rapl:N</c>, also used for AMD), summed over packages. The counter <c>energy_uj</c>
/// wraps at <c>max_energy_range_uj</c>; a reading below the previous one means one wrap. Every sample adds the
/// energy since the previous one, so a phase longer than a wrap is still counted whole as long as it is sampled
/// more often than that. Since Linux 5.10 only root may read energy_uj; then the KPI is unavailable, and says so.
/// </summary>
public sealed class RaplProbe : IProbe
{
    public const string Kpi = "package_power_w";
    private readonly string _powercap;
    private readonly Func<long> _clock;

    public RaplProbe(SysRoot root) : this(root, NanoClock.Now) { }

    internal RaplProbe(SysRoot root, Func<long> clock)
    {
        _powercap = root.Resolve("/sys/class/powercap");
        _clock = clock;
    }

    public IReadOnlySet<string> Kpis { get; } = new HashSet<string> { Kpi };

    internal sealed record Zone(string Energy, long Range);

    /// <summary>The package zones: top-level RAPL zones (no sub-zone suffix) named package-N.</summary>
    internal IReadOnlyList<Zone> Zones()
    {
        if (!Directory.Exists(_powercap)) throw new NoSuchFileException(_powercap + " (no powercap: not a RAPL CPU, or a virtual machine)");
        var output = new List<Zone>();
        foreach (var z in SysRoot.List(_powercap, @"[a-z-]*rapl:\d+"))
        {
            var nameFile = Path.Combine(z, "name");
            var name = SysRoot.Exists(nameFile) ? SysRoot.Read(nameFile) : "";
            if (!name.StartsWith("package", StringComparison.Ordinal)) continue;
            output.Add(new Zone(Path.Combine(z, "energy_uj"), SysRoot.ReadLong(Path.Combine(z, "max_energy_range_uj"))));
        }
        if (output.Count == 0) throw new NoSuchFileException(_powercap + "/*rapl:N with a package zone");
        return output;
    }

    /// <summary>Energy between two readings of one counter, in µJ, across at most one wrap.</summary>
    internal static long Delta(long before, long after, long range) => after >= before ? after - before : after + range - before;

    public IProbeSession Open() => new Session(this);

    internal static string Reason(Exception e) => e switch
    {
        AccessDeniedException or UnauthorizedAccessException =>
            "RAPL energy counter " + e.Message + " is not readable: permission denied (root only since Linux 5.10)",
        NoSuchFileException => "no RAPL package energy counter: " + e.Message,
        _ => "cannot read RAPL energy: " + e.Message,
    };

    private sealed class Session : IProbeSession
    {
        private readonly RaplProbe _probe;
        private readonly IReadOnlyList<Zone> _zones = [];
        private readonly long _startNs;
        private long[] _last = [];
        private long _lastNs;
        private double _totalUj;
        private string? _failure;

        public Session(RaplProbe probe)
        {
            _probe = probe;
            _startNs = probe._clock();
            try
            {
                _zones = probe.Zones();
                _last = Read();
                _lastNs = probe._clock();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = Reason(e);
            }
        }

        private long[] Read()
        {
            var v = new long[_zones.Count];
            for (var i = 0; i < v.Length; i++) v[i] = SysRoot.ReadLong(_zones[i].Energy);
            return v;
        }

        /// <summary>Adds the energy since the previous reading; returns that reading's power, W.</summary>
        private double Advance()
        {
            var now = Read();
            var ns = _probe._clock();
            double uj = 0;
            for (var i = 0; i < now.Length; i++) uj += Delta(_last[i], now[i], _zones[i].Range);
            var seconds = (ns - _lastNs) / 1e9;
            _totalUj += uj;
            _last = now;
            _lastNs = ns;
            return seconds > 0 ? uj / 1e6 / seconds : double.NaN;
        }

        public Readings Sample()
        {
            if (_failure is not null) return Readings.NotAvailable(Kpi, _failure);
            try
            {
                var w = Advance();
                return double.IsFinite(w) ? Readings.Of(Kpi, w) : Readings.Empty;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = Reason(e);
                return Readings.NotAvailable(Kpi, _failure);
            }
        }

        public Readings Finish()
        {
            var r = Sample();
            if (_failure is not null) return r;
            var seconds = (_lastNs - _startNs) / 1e9;
            return seconds > 0
                ? Readings.Of(Kpi, _totalUj / 1e6 / seconds)
                : Readings.NotAvailable(Kpi, "no time elapsed to measure power over");
        }
    }
}
