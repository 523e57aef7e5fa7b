using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Dream.Cli.Commands;

/// <summary>
/// The <c>dream</c> command. Subcommands are registered in <see cref="CommandLine"/>: adding one is adding its
/// <c>Create()</c> there. Exit statuses are those of <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    public const string Description = "Evolves machine configurations, measured against the node's own baseline, within safety caps.";

    public static int Main(string[] args)
    {
        Interruption.ExitWith130OnSignals();
        var code = Execute(CommandLine(), System.Console.Out, System.Console.Error, args);
        Interruption.Ended();
        // A signal's stop ends the node, so the command may return while Environment.Exit(130) is still under way.
        // Returning would race the stop thread's Environment.Exit(130) (the runtime's own exit then wins, with 0):
        // let that exit end the process.
        if (Interruption.Happened()) Thread.Sleep(Timeout.Infinite);
        return code;
    }

    /// <summary>The configured command line; tests run it with their own writers through <see cref="Execute"/>.</summary>
    public static RootCommand CommandLine()
    {
        var root = new RootCommand(Description);
        // picocli's standard help options on every command: -h/--help (System.CommandLine's, recursive) and -V/--version.
        foreach (var v in root.Options.Where(o => o is VersionOption).ToList()) root.Options.Remove(v);
        root.Options.Add(new Option<bool>("--version", "-V")
        {
            Description = "Print version information and exit.",
            Arity = ArgumentArity.Zero,
            Recursive = true,
            Action = new VersionProvider.PrintVersion(),
        });
        root.Add(ValidateCommand.Create());
        root.Add(RunCommand.Create());
        root.Add(ReportCommand.Create());
        root.Add(BaselinesCommand.Create());
        root.Add(NodeCommand.Create());
        root.Add(ServiceCommand.Create());
        root.Add(Ctl.CtlCommand.Create());
        root.Add(Bench.BenchCommand.Create());
        root.Add(HelpCommand(root));
        return root;
    }

    /// <summary>Runs <paramref name="args"/> on <paramref name="root"/> with the given writers; returns the exit status.</summary>
    public static int Execute(RootCommand root, TextWriter @out, TextWriter err, IReadOnlyList<string> args)
    {
        try
        {
            var result = root.Parse(args);
            if (result.Errors.Count > 0 && result.Action is null or ParseErrorAction) return ShortUsageHandler.Handle(result, args, err);
            var config = new InvocationConfiguration
            {
                Output = @out,
                Error = err,
                EnableDefaultExceptionHandler = false,
                // Signals are Interruption's: System.CommandLine would otherwise cancel the action and exit on its own terms.
                ProcessTerminationTimeout = null,
            };
            return result.Invoke(config);
        }
        catch (Exception e)
        {
            return FailureHandler.Handle(e, err);
        }
        finally
        {
            @out.Flush();
            err.Flush();
        }
    }

    /// <summary>Runs <paramref name="args"/> with the standard command line; returns the exit status.</summary>
    public static int Execute(TextWriter @out, TextWriter err, params string[] args) => Execute(CommandLine(), @out, err, args);

    /// <summary><c>dream help [COMMAND...]</c>: the help of that command, as <c>--help</c> prints it.</summary>
    private static Command HelpCommand(RootCommand root)
    {
        var help = new Command("help", "Display help information about the specified command.");
        var names = new Argument<List<string>>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, DefaultValueFactory = _ => new List<string>() };
        help.Add(names);
        help.SetAction(r =>
        {
            var args = new List<string>(r.GetValue(names) ?? new List<string>()) { "--help" };
            return Execute(root, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, args);
        });
        return help;
    }
}
