using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Racing;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>--allocation full|race</c> of the benches that run real campaigns (throughput, scaling): full by default, so that
/// every run of a bench measures the same trials; race with <c>dream run</c>'s default settings. Bandits spend a budget
/// rather than a plan, so these benches do not take them (<c>dream bench racing</c> compares them).
/// </summary>
public static class BenchAllocation
{
    public static string Effective(string? allocation) => allocation ?? RunSpec.FullAllocation;

    /// <summary>The race of a raced run; null for full allocation. Exit 2 for anything else.</summary>
    public static RaceSettings? Race(string? allocation) => Effective(allocation) switch
    {
        RunSpec.FullAllocation => null,
        RunSpec.RaceAllocation => RaceSettings.Default,
        _ => throw new CommandFailure(ExitCodes.Usage, "--allocation must be full or race (got '" + allocation + "')"),
    };
}
