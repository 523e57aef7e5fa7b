using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// A <c>dream</c> process prints what its command says and nothing of the logging system's own. (The Java tree guarded
/// against SLF4J's start-up warnings; here the counterpart is Akka.NET's own console logger, whose lines begin
/// <c>[LEVEL][date]</c>: Dream's logging is set up before the actor system speaks.)
/// </summary>
public sealed partial class StartupOutputEndToEndTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    [GeneratedRegex(@"^\[(DEBUG|INFO|WARNING|ERROR)\]\[", RegexOptions.Multiline)]
    private static partial Regex AkkaConsoleLine();

    private static void AssertNoLoggingSystemOutput(string output)
    {
        Assert.False(AkkaConsoleLine().IsMatch(output), output);
        Assert.False(output.Contains("SLF4J"), output);
    }

    [Fact]
    public void VersionAndValidatePrintOnlyTheirOwnLines()
    {
        var version = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "--version");
        Assert.True(version.Exit == 0, version.Output);
        Assert.True(version.Output.TrimEnd('\n', '\r').Split('\n').Length == 1, version.Output);
        Assert.True(version.Output.StartsWith("dream ", StringComparison.Ordinal), version.Output);

        var validate = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "validate", "--config-dir", E2e.Config);
        Assert.True(validate.Exit == 0, validate.Output);
        AssertNoLoggingSystemOutput(validate.Output);
    }

    /// <summary>Several starts of a node (each command is one), so that a race in setting up the logging would show.</summary>
    [Fact]
    public void StartingANodePrintsNoLoggingWarnings()
    {
        for (int i = 0; i < 3; i++)
        {
            var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", "2020-01-01T00-00-00_rzzzzzz", "--data", _work.Resolve("data" + i));
            Assert.True(report.Exit == 2, report.Output);
            AssertNoLoggingSystemOutput(report.Output);
        }
        var run = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "run", "--domain", "sim", "--config-dir", E2e.Config, "--data", _work.Resolve("data"),
            "--population", "2", "--generations", "1", "--trials", "1", "--regimes", "normal");
        Assert.True(run.Exit == 0, run.Output);
        AssertNoLoggingSystemOutput(run.Output);
    }
}
