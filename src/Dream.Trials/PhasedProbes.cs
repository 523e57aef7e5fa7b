using Dream.Trials.Probes;

namespace Dream.Trials;

/// <summary>
/// The probe sessions of a trial: one over the warm-up, then a fresh one over the measured part, so that the
/// trial's KPIs (averages, counter changes) cover exactly what the workload measured, while the caps are watched
/// from the moment the knobs are applied.
/// </summary>
internal sealed class PhasedProbes
{
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly object _gate = new();
    private ProbeGroup _current;

    public PhasedProbes(IReadOnlyList<IProbe> probes)
    {
        _probes = probes;
        _current = ProbeGroup.Open(probes);
    }

    public Readings Sample()
    {
        lock (_gate) return _current.Sample();
    }

    /// <summary>Ends the warm-up: returns its last sample (still to be checked against the caps) and starts afresh.</summary>
    public Readings BeginMeasurement()
    {
        lock (_gate)
        {
            var last = _current.Sample();
            _current = ProbeGroup.Open(_probes);
            return last;
        }
    }

    public Readings Finish()
    {
        lock (_gate) return _current.Finish();
    }
}
