namespace Dream.Trials.Sim;

/// <summary>One sim trial: the objective f at the candidate and the three KPIs derived from it.</summary>
public sealed record SimKpis(double F, double Perf, double P95Ms, double Watts)
{
    public const string PerfName = "perf";
    public const string P95Name = "p95_ms";
    public const string WattsName = "watts";
}
