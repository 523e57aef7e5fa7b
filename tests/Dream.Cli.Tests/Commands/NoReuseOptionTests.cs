using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Config;

namespace Dream.Cli.Tests.Commands;

/// <summary><c>--no-reuse</c>: parsed by <c>dream run</c>, recorded in the run's settings only when given.</summary>
public sealed class NoReuseOptionTests
{
    private static RunSpec Spec(bool noReuse) =>
        RunSpecs.Create(ConfigLoader.Load(Path.Combine(Cli.RepoRoot(), "config")),
            new RunSpecs.Choices(["sim"], 3, 2, 1, ["normal"], 7, null, false, NoReuse: noReuse), "2026-01-01T00-00-00_rabcdef",
            DateTimeOffset.UtcNow, "nc");

    [Fact]
    public void IsRecordedAsReuseFalseAndOnlyThen()
    {
        var off = Spec(true);
        Assert.False(off.Reuses);
        Assert.Equal(false, off.Settings[RunSpec.ReuseKey]);
        var on = Spec(false);
        Assert.True(on.Reuses);
        Assert.False(on.Settings.ContainsKey(RunSpec.ReuseKey));
    }

    [Fact]
    public void IsAnOptionOfRun()
    {
        var root = Program.CommandLine();
        var parsed = root.Parse(["run", "--domain", "sim", "--no-reuse"]);
        Assert.Empty(parsed.Errors);
        Assert.Contains(parsed.CommandResult.Command.Options, o => o.Name == "--no-reuse");
    }
}
