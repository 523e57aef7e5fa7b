using Dream.Trials.Probes;

namespace Dream.Trials.Tests.Trials;

/// <summary>A probe whose reading is a function of how many times it has been sampled in the trial.</summary>
public sealed class FakeProbe(string kpi, Func<int, double> value) : IProbe
{
    private int _samples;

    public string Kpi { get; } = kpi;

    private readonly Func<int, double> _value = value;

    /// <summary>How many samples were taken, over every session.</summary>
    public int Samples => Volatile.Read(ref _samples);

    public IReadOnlySet<string> Kpis => new HashSet<string> { Kpi };

    public IProbeSession Open() => new Session(this);

    private sealed class Session(FakeProbe p) : IProbeSession
    {
        public Readings Sample() => Readings.Of(p.Kpi, p._value(Interlocked.Increment(ref p._samples) - 1));

        public Readings Finish() => Readings.Of(p.Kpi, p._value(p.Samples));
    }
}
