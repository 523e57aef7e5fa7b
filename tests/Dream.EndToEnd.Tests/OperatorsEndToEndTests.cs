using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream run --operators</c> on a flat landscape (the sim optimum names only the choice knob, no noise: threads and util
/// change nothing, and the initial design already holds the best mode): the best cannot rise, so DIVERSIFY fires on
/// stagnation, as an operator-decided.v1 event that <c>dream report</c> shows with its rule, expected and realised gain.
/// </summary>
public sealed class OperatorsEndToEndTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void AStagnatingRunDiversifiesAndTheReportShowsTheDecision()
    {
        var config = FlatConfig(_work.Resolve("flat"));
        var data = _work.Resolve("data");
        var run = DreamProcess.Run(_work.Path, E2e.NoEnv, 240, "run", "--domain", "sim", "--config-dir", config, "--data", data,
            "--seed", "5", "--population", "6", "--generations", "6", "--trials", "2", "--regimes", "normal", "--operators");
        Assert.True(run.Exit == 0, run.Output);
        var runId = Path.GetFileName(RunFiles.OnlyRun(data));

        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "report", runId, "--data", data);
        Assert.True(report.Exit == 0, report.Output);
        // Generations 1 to 3 cannot rise on a flat landscape: generation 4 is the first with 3 generations of stagnation behind it.
        var line = Regex.Match(report.Output, @"operator diversify \(generation 4, 2 proposal\(s\) replaced\): stagnation: [^\n]*; expected gain [+-]?\d\.\d{4}, realised [+-]?\d\.\d{4}");
        Assert.True(line.Success, report.Output);
        Assert.DoesNotContain("pending", line.Value);
    }

    /// <summary>The test config with a sim optimum that names only mode, and no noise: flat but for one choice.</summary>
    private static string FlatConfig(string target)
    {
        Directory.CreateDirectory(Path.Combine(target, "domains"));
        File.Copy(Path.Combine(E2e.Config, "caps.yaml"), Path.Combine(target, "caps.yaml"));
        File.Copy(Path.Combine(E2e.Config, "domains", "sim.yaml"), Path.Combine(target, "domains", "sim.yaml"));
        File.WriteAllText(Path.Combine(target, "regimes.yaml"), """
            version: 2
            domains:
              sim:
                normal: {workload: {kind: sim, function: sphere, optimum: {mode: b}, noise: 0.0}, duration_s: 0.0}
            execution: {trials: 2, warmup_s: 0, trial_delay_s: 0, retries: 1, timeout_multiplier: 1.5}
            """);
        return target;
    }
}
