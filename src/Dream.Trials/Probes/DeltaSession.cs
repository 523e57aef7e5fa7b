namespace Dream.Trials.Probes;

/// <summary>
/// A KPI computed from two readings of cumulative counters: Sample() over the time since the previous sample,
/// Finish() over the whole session. A reading that fails makes the KPI unavailable with the reason; a span too
/// short to say anything (NaN) gives no value rather than a guess.
/// </summary>
internal sealed class DeltaSession : IProbeSession
{
    /// <summary>The KPI between two readings taken <c>seconds</c> apart; NaN when the span says nothing.</summary>
    internal delegate double Value(long[] from, long[] to, double seconds);

    private readonly string _kpi;
    private readonly Func<long> _clock;
    private readonly Func<long[]> _reading;
    private readonly string _path;
    private readonly Value _value;
    private long[]? _first;
    private long _firstNs;
    private long[]? _last;
    private long _lastNs;
    private string? _failure;

    private DeltaSession(string kpi, Func<long> clock, Func<long[]> reading, string path, Value value)
    {
        _kpi = kpi;
        _clock = clock;
        _reading = reading;
        _path = path;
        _value = value;
    }

    /// <summary>Opens the session and takes its first reading (a failure there is reported by every later call).</summary>
    internal static DeltaSession Begin(string kpi, Func<long> clock, Func<long[]> reading, string path, Value value)
    {
        var s = new DeltaSession(kpi, clock, reading, path, value);
        s._first = s.Take();
        s._firstNs = clock();
        s._last = s._first;
        s._lastNs = s._firstNs;
        return s;
    }

    private long[]? Take()
    {
        if (_failure is not null) return null;
        try
        {
            return _reading();
        }
        catch (FileNotFoundException)
        {
            _failure = _path + " does not exist";
        }
        catch (DirectoryNotFoundException)
        {
            _failure = _path + " does not exist";
        }
        catch (Exception e)
        {
            _failure = "cannot read " + _path + ": " + e.Message;
        }
        return null;
    }

    public Readings Sample()
    {
        var now = Take();
        var ns = _clock();
        if (now is null || _last is null) return Readings.NotAvailable(_kpi, _failure!);
        var v = _value(_last, now, (ns - _lastNs) / 1e9);
        _last = now;
        _lastNs = ns;
        return double.IsFinite(v) ? Readings.Of(_kpi, v) : Readings.Empty;
    }

    public Readings Finish()
    {
        var now = Take();
        if (now is null || _first is null) return Readings.NotAvailable(_kpi, _failure!);
        var v = _value(_first, now, (_clock() - _firstNs) / 1e9);
        return double.IsFinite(v)
            ? Readings.Of(_kpi, v)
            : Readings.NotAvailable(_kpi, "no change of " + _path + " during the trial to compute " + _kpi + " from");
    }
}
