namespace Dream.Trials.Probes;

/// <summary>
/// Reads some KPIs from the machine during a trial (temperatures, power, counters). A probe is shared by all
/// trials of a node; each trial phase opens its own <see cref="IProbeSession"/>.
/// </summary>
public interface IProbe
{
    /// <summary>The KPIs this probe reports (the domain's KPI names, e.g. <c>cpu_temp_c</c>).</summary>
    IReadOnlySet<string> Kpis { get; }

    /// <summary>Starts reading: takes the reference for counters and rates. Never throws: failures are unavailable.</summary>
    IProbeSession Open();
}
