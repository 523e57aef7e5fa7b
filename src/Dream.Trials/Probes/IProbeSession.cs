namespace Dream.Trials.Probes;

/// <summary>
/// One probe over one phase of a trial. <see cref="Sample"/> is called every sample period (for the caps) and
/// <see cref="Finish"/> once at the end (for the trial's KPIs). Neither throws; calls come from one thread at a time.
/// </summary>
public interface IProbeSession
{
    /// <summary>
    /// The values now: an instantaneous reading (temperature), a rate since the previous sample (power,
    /// utilization), or a counter's change since the session opened (throttle events).
    /// </summary>
    Readings Sample();

    /// <summary>The KPIs over the whole session: peaks, averages and counter changes since it opened.</summary>
    Readings Finish();
}
