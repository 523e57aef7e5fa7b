using System.CommandLine;
using System.Text.RegularExpressions;
using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

public sealed class MainTests
{
    [Fact]
    public void VersionNamesTheBuildTheCodeHashDotNetAndAkka()
    {
        var r = Cli.Run("--version");
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Err);
        Assert.Equal(VersionProvider.VersionLine() + Environment.NewLine, r.Out);
        Assert.Matches(new Regex(@"^dream \d+\.\d+\.\d+\S* \(code sha256:[0-9a-f]{64}, \.NET 10\.\S+, Akka\.NET \d\S*\)\r?\n$"), r.Out);
    }

    [Fact]
    public void VersionIsOnEveryCommandAsInTheJavaCli()
    {
        var r = Cli.Run("validate", "-V");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        Assert.StartsWith("dream ", r.Out);
    }

    [Fact]
    public void AnUnknownOptionIsBadUsageWithTheShortUsage()
    {
        var r = Cli.Run("validate", "--no-such-option");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Unknown option: '--no-such-option'", r.Err);
        Assert.Contains("Usage: dream validate [", r.Err);
        Assert.Contains("Try 'dream validate --help'", r.Err);
        // Short usage: the synopsis only, not the option descriptions of the full help.
        Assert.DoesNotContain("later files win", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void AMistypedOptionGetsTheReadmesAnswer()
    {
        var r = Cli.Run("validate", "--confg-dir", "broken");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        var nl = Environment.NewLine;
        Assert.Equal("dream: Unknown options: '--confg-dir', 'broken'" + nl
            + "Possible solutions: --config-dir" + nl
            + "Usage: dream validate [-hV] [--config-dir=DIR] [--data=DIR] [--hocon=FILE]..." + nl
            + "Try 'dream validate --help' for more information." + nl, r.Err);
    }

    [Fact]
    public void AMistypedCommandIsBadUsageWithASuggestion()
    {
        var r = Cli.Run("valdate");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Did you mean: dream validate?", r.Err);
    }

    [Fact]
    public void NoCommandIsBadUsage()
    {
        var r = Cli.Run();
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Missing required subcommand", r.Err);
    }

    [Fact]
    public void AMissingRequiredOptionIsBadUsageAndNamesIt()
    {
        var r = Cli.Run("baselines", "show");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Missing required option: '--domain=<domain>'", r.Err);
        Assert.Contains("Usage: dream baselines show [-hV]", r.Err);
    }

    [Fact]
    public void AMissingRunIdIsBadUsage()
    {
        var r = Cli.Run("report");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Missing required parameter: 'RUN_ID'", r.Err);
    }

    [Fact]
    public void ANumberThatIsNotOneIsBadUsage()
    {
        var r = Cli.Run("run", "--domain", "sim", "--population", "many");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Invalid value for option '--population': 'many' is not an int", r.Err);
    }

    [Fact]
    public void HelpListsTheRegisteredCommands()
    {
        var r = Cli.Run("--help");
        Assert.Equal(ExitCodes.Ok, r.ExitCode);
        foreach (var c in new[] { "validate", "run", "report", "baselines", "node", "service" }) Assert.Contains(c, r.Out);
    }

    [Fact]
    public void EveryCommandHasHelp()
    {
        foreach (var c in new[] { "validate", "run", "report", "baselines", "node", "service" })
        {
            var r = Cli.Run(c, "--help");
            Assert.True(r.ExitCode == ExitCodes.Ok, c + ": " + r.Err);
            Assert.Contains("--data", r.Out.Replace("baselines", "--data")); // baselines lists its subcommands instead
        }
        Assert.Equal(ExitCodes.Ok, Cli.Run("help", "run").ExitCode);
    }

    [Fact]
    public void ACommandFailureEndsWithItsOwnExitCodeAndNoStackTrace()
    {
        var r = Cli.Run(WithFailing(new CommandFailure(ExitCodes.Infrastructure, "database unreachable")), "failing");
        Assert.Equal(ExitCodes.Infrastructure, r.ExitCode);
        Assert.Equal("dream: database unreachable" + Environment.NewLine, r.Err);
    }

    [Fact]
    public void AnInterruptionEndsWith130()
    {
        var r = Cli.Run(WithFailing(new OperationCanceledException()), "failing");
        Assert.Equal(ExitCodes.Interrupted, r.ExitCode);
    }

    [Fact]
    public void AnUnexpectedExceptionIsReportedWithItsTrace()
    {
        var r = Cli.Run(WithFailing(new InvalidOperationException("bug")), "failing");
        Assert.Equal(ExitCodes.InternalError, r.ExitCode);
        Assert.Contains("dream: internal error", r.Err);
        Assert.Contains("System.InvalidOperationException: bug", r.Err);
    }

    private static RootCommand WithFailing(Exception toThrow)
    {
        var root = Program.CommandLine();
        var failing = new Command("failing");
        failing.SetAction(new Func<System.CommandLine.ParseResult, int>(_ => throw toThrow));
        root.Add(failing);
        return root;
    }
}
