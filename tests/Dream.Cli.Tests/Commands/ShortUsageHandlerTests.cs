using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

public sealed class ShortUsageHandlerTests
{
    private static string SynopsisOf(params string[] path)
    {
        System.CommandLine.Command c = Program.CommandLine();
        foreach (var p in path) c = c.Subcommands.Single(s => s.Name == p);
        return ShortUsageHandler.Synopsis(c);
    }

    [Fact]
    public void ASynopsisIsWrappedAt80ColumnsUnderTheCommandName()
    {
        var lines = SynopsisOf("run").Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 1);
        Assert.StartsWith("Usage: dream run [-hV] ", lines[0]);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(new string(' ', "Usage: dream run ".Length) + "[", l));
        var all = string.Join(" ", lines);
        Assert.Contains("[--domain=D[,D...]]...", all);
        Assert.Contains("[--dry-run]", all);
        Assert.Contains("[--population=<population>]", all);
        Assert.Contains("[--join=HOST:PORT[,HOST:PORT...]]...", all);
    }

    [Fact]
    public void PositionalParametersAndSubcommandsAreNamed()
    {
        Assert.EndsWith(" RUN_ID" + Environment.NewLine, SynopsisOf("report"));
        Assert.Equal("Usage: dream baselines [-hV] [COMMAND]" + Environment.NewLine, SynopsisOf("baselines"));
        Assert.Contains(" --domain=<domain> ", SynopsisOf("baselines", "show"));
    }

    [Fact]
    public void SuggestionsAreCloseNamesOnly()
    {
        Assert.Equal(new[] { "--config-dir" }, ShortUsageHandler.Similar("--confg-dir", new[] { "--config-dir", "--data", "--hocon" }));
        Assert.Equal(new[] { "validate" }, ShortUsageHandler.Similar("valdate", new[] { "validate", "run", "report" }));
        Assert.Empty(ShortUsageHandler.Similar("--zzz", new[] { "--config-dir", "--data", "--hocon" }));
    }
}
