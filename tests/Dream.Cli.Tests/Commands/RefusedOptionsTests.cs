using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

/// <summary>Options no command can act on: exit 2 with a "dream: " message, before anything is written.</summary>
public sealed class RefusedOptionsTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    [Theory]
    [InlineData("name at least one domain", "run")]
    [InlineData("--dry-run plans a new run", "run", "--resume", "2020-01-01T00-00-00_rzzzzzz", "--dry-run")]
    [InlineData("--population must be at least 2 (got 1)", "run", "--domain", "sim", "--population", "1")]
    [InlineData("--generations must be at least 1 (got 0)", "run", "--domain", "sim", "--generations", "0")]
    [InlineData("--trials must be at least 1 (got 0)", "run", "--domain", "sim", "--trials", "0")]
    [InlineData("--strategy must be ga, cmaes or tpe", "run", "--domain", "sim", "--strategy", "pso")]
    [InlineData("--management-port must be between 0 and 65535 (got 70000)", "run", "--domain", "sim", "--management-port", "70000")]
    [InlineData("unknown role 'worker'; roles are runner and coordinator", "node", "--roles", "runner,worker")]
    [InlineData("--trials must be at least 1 (got 0)", "baselines", "refresh", "--domain", "sim", "--trials", "0")]
    public void AreBadUsageAndWriteNothing(string message, params string[] args)
    {
        var data = tmp.Resolve("data");
        var r = Cli.Run(args.Concat(new[] { "--data", data }).ToArray());
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Err);
        Assert.StartsWith("dream: ", r.Err);
        Assert.Contains(message, r.Err);
        Assert.False(Directory.Exists(data), "wrote " + data);
    }

    [Fact]
    public void AManagementPortStandsForThatPortAndFailingWhenTaken()
    {
        var chosen = new NodeValues(null, null, Array.Empty<string>(), Roles.All, 0).ManagementOverrides();
        Assert.Equal(0, chosen["akka.management.http.port"]);
        Assert.Equal("fail", chosen["dream.management.port-in-use"]);
        Assert.Empty(new NodeValues(null, null, Array.Empty<string>(), Roles.All, null).ManagementOverrides());
    }

    [Fact]
    public void OnlyALongLivedNodeBuildsTheRunListAheadOfTheFirstAsk()
    {
        var node = new NodeValues(null, null, Array.Empty<string>(), Roles.All, null);
        Assert.Equal("on", node.ManagementOverrides(warmRunList: true)["dream.management.warm-run-list"]);
        Assert.False(node.ManagementOverrides().ContainsKey("dream.management.warm-run-list"));
    }

    [Fact]
    public void NodeOptionsDefaultToBothRolesAndSplitLists()
    {
        var root = Program.CommandLine();
        var node = root.Subcommands.Single(c => c.Name == "node");
        Assert.Equal(0, root.Parse(new[] { "node", "--join", "a:1,b:2", "--join", "c:3" }).Errors.Count);
        Assert.Contains(node.Options, o => o.Name == "--management-port");
    }
}
