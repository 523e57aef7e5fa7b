namespace Dream.Trials.Probes;

/// <summary>
/// A probe session over one temperature-like reading: each sample is the value now, and the trial's value is the
/// peak seen, since a cap or a KPI on heat is about the hottest moment, not the last one.
/// </summary>
internal sealed class PeakSession : IProbeSession
{
    private readonly string _kpi;
    private readonly string _what;
    private readonly Func<double> _reading;
    private double _peak = double.NaN;

    /// <summary>
    /// <paramref name="what"/> names the reading in the reason given when it fails, e.g. "temperature";
    /// <paramref name="reading"/> throws <see cref="NoSuchFileException"/> when the node has no such sensor, with the reason as its message.
    /// </summary>
    internal PeakSession(string kpi, string what, Func<double> reading)
    {
        _kpi = kpi;
        _what = what;
        _reading = reading;
    }

    private Readings Now()
    {
        try
        {
            var c = _reading();
            if (double.IsNaN(_peak) || c > _peak) _peak = c;
            return Readings.Of(_kpi, c);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Readings.NotAvailable(_kpi, e is NoSuchFileException ? e.Message : "cannot read " + _what + ": " + e.Message);
        }
    }

    public Readings Sample() => Now();

    public Readings Finish()
    {
        var r = Now();
        return double.IsNaN(_peak) ? r : Readings.Of(_kpi, _peak);
    }
}
