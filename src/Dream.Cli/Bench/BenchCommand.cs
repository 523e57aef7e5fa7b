using System.CommandLine;

namespace Dream.Cli.Bench;

/// <summary><c>dream bench ...</c>: measurements of Dream itself; each kind of benchmark is a subcommand.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks of Dream itself.");
        bench.Add(ThroughputBench.Create());
        bench.Add(ScalingBench.Create());
        bench.Add(RacingBench.Create());
        bench.Add(SearchBench.Create());
        bench.Add(RecoveryBench.Create());
        bench.Add(DashboardBench.Create());
        return bench;
    }
}
