using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// Checks that need more than one file at once, run after every file is read. (Names that one file uses for
/// another's domains, KPIs and knobs are checked while reading, through <see cref="Catalog"/>.)
/// </summary>
internal static class CrossChecks
{
    /// <summary>What the sim workload reports (DESIGN.md section 3), so a sim domain must define these KPIs.</summary>
    public static readonly IReadOnlyList<string> SimKpis = ["perf", "p95_ms", "watts"];

    public static void Run(Catalog catalog, Source regimesSrc, RegimesParser.Parsed regimes, Source capsSrc, CapsParser.Parsed caps)
    {
        if (regimes.Readable)
        {
            EveryDomainHasRegimes(catalog, regimes);
            SimDomains(catalog, regimesSrc, regimes);
        }
        if (regimes.Readable && caps.Readable && caps.MinSuccessfulAt is not null)
        {
            var trials = regimes.Execution.Trials;
            var needed = caps.Caps.Global.MinSuccessfulTrials;
            if (needed > trials)
            {
                // The original asked for 7 successes out of 10 while running 3 trials: nothing could ever pass.
                capsSrc.Problem(caps.MinSuccessfulAt, "min_successful_trials " + needed + " is more than execution.trials " + trials
                        + " in regimes.yaml, so no candidate could ever be judged",
                    "lower min_successful_trials to " + trials + " or less, or raise execution.trials");
            }
        }
    }

    private static void EveryDomainHasRegimes(Catalog catalog, RegimesParser.Parsed regimes)
    {
        foreach (var d in catalog.All)
        {
            if (d.Readable && !regimes.Regimes.ContainsKey(d.Name))
            {
                d.Source.Problem(d.Anchor, "domain '" + d.Name + "' has no regimes in regimes.yaml, so it cannot be run",
                    "add domains: {" + d.Name + ": {normal: {workload: {kind: builtin-cpu, load: 0.5}, duration_s: 15}}}"
                    + " to regimes.yaml, or remove domains/" + d.Name + ".yaml");
            }
        }
    }

    /// <summary>
    /// The sim workload touches nothing on the machine, so it cannot read any knob's value in force: every knob
    /// needs a declared default for the baseline. And it reports perf, p95_ms and watts, which the domain must
    /// define to receive them.
    /// </summary>
    private static void SimDomains(Catalog catalog, Source regimesSrc, RegimesParser.Parsed regimes)
    {
        foreach (var (domainName, kindNode) in regimes.SimKinds)
        {
            var d = catalog.All.FirstOrDefault(x => x.Name == domainName);
            if (d?.Spec is null) continue;
            var line = kindNode.Start.Line;
            foreach (var k in d.Spec.Knobs)
            {
                if (k.Stock is not null) continue;
                d.Source.Problem(d.KnobKeys.GetValueOrDefault(k.Name), "knob '" + k.Name + "' has no default, and domain '" + d.Name
                        + "' is measured with the sim workload (regimes.yaml line " + line + "), which cannot read a value in force",
                    "add default: " + KnobParser.Example(k) + " (the stock value the baseline is measured at)");
            }
            foreach (var kpi in SimKpis)
            {
                if (d.KpisReadable && !d.DeclaredKpis.Contains(kpi))
                {
                    regimesSrc.Problem(kindNode, "the sim workload reports " + string.Join(", ", SimKpis) + ", but domain '" + d.Name
                            + "' does not define the KPI '" + kpi + "'",
                        "add " + kpi + " to the kpis of domains/" + d.Name + ".yaml");
                }
            }
        }
    }
}
