namespace Dream.Trials.Probes;

/// <summary>
/// The sessions of several probes, read together. A probe that throws in spite of its contract is contained here:
/// its KPIs become unavailable with the exception, and the trial goes on.
/// </summary>
public sealed class ProbeGroup
{
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly List<IProbeSession> _sessions = [];
    private readonly object _gate = new();

    private ProbeGroup(IReadOnlyList<IProbe> probes)
    {
        _probes = probes.ToList();
        foreach (var p in _probes)
        {
            IProbeSession s;
            try
            {
                s = p.Open();
            }
            catch (Exception e)
            {
                s = Broken(p, e);
            }
            _sessions.Add(s);
        }
    }

    public static ProbeGroup Open(IReadOnlyList<IProbe> probes) => new(probes);

    public Readings Sample()
    {
        lock (_gate) return Read(s => s.Sample());
    }

    public Readings Finish()
    {
        lock (_gate) return Read(s => s.Finish());
    }

    private Readings Read(Func<IProbeSession, Readings> f)
    {
        var all = Readings.Empty;
        for (var i = 0; i < _sessions.Count; i++)
        {
            Readings r;
            try
            {
                r = f(_sessions[i]);
            }
            catch (Exception e)
            {
                r = Broken(_probes[i], e).Sample();
            }
            all = all.Merge(r);
        }
        return all;
    }

    private static IProbeSession Broken(IProbe p, Exception e)
    {
        var reasons = new Dictionary<string, string>();
        foreach (var k in p.Kpis) reasons[k] = "probe " + p.GetType().Name + " failed: " + e.GetType().Name + ": " + e.Message;
        return new Fixed(new Readings(new Dictionary<string, double>(), reasons));
    }

    private sealed class Fixed(Readings r) : IProbeSession
    {
        public Readings Sample() => r;
        public Readings Finish() => r;
    }
}
