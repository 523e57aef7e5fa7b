using System.CommandLine;
using Dream.Core.Config;

namespace Dream.Cli.Commands;

/// <summary><c>dream validate</c>: loads the config directory strictly and reports every problem, or a summary.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate",
            "Check regimes.yaml, caps.yaml and domains/*.yaml (and any --hocon files) without running anything.\n"
            + "Each problem is printed as file:line:column with its fix; exit status 2 if there is any.");
        var common = new CommonOptions(command);
        command.SetAction(r => Call(common.Read(r), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    public static int Call(CommonValues common, TextWriter @out, TextWriter err)
    {
        var dir = common.ConfigDir();
        if (!Directory.Exists(dir))
        {
            err.WriteLine("dream: config directory " + dir + " does not exist");
            err.WriteLine("    fix: pass --config-dir DIR or set " + CommonOptions.ConfigDirEnv);
            return ExitCodes.Usage;
        }
        DreamConfig? config = null;
        IReadOnlyList<ConfigProblem> problems = Array.Empty<ConfigProblem>();
        try
        {
            config = ConfigLoader.Load(dir);
        }
        catch (ConfigException e)
        {
            problems = e.Problems();
        }
        var hoconProblems = HoconProblems(common.HoconFiles());

        foreach (var p in problems) err.WriteLine(p.ToString());
        foreach (var p in hoconProblems) err.WriteLine(p);
        if (problems.Count > 0) err.WriteLine(Count(problems.Count) + " in " + dir);
        if (hoconProblems.Count > 0) err.WriteLine(Count(hoconProblems.Count) + " in --hocon files");
        if (config is null || hoconProblems.Count > 0) return ExitCodes.Usage;

        @out.Write(ConfigSummary.Table(config));
        @out.WriteLine("config OK: " + ConfigSummary.Totals(config) + " in " + dir);
        return ExitCodes.Ok;
    }

    /// <summary>Syntax errors of the HOCON files, as <c>file:line: message</c> where the parser names a line.</summary>
    public static List<string> HoconProblems(IReadOnlyList<string> files)
    {
        var problems = new List<string>();
        foreach (var f in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(f + ": cannot read it: " + e.Message);
                continue;
            }
            try
            {
                // Akka.NET's parser silently accepts an unclosed brace or bracket; the node's own check does not.
                Dream.Cluster.Nodes.HoconText.CheckStructure(text, f);
            }
            catch (Dream.Cluster.Nodes.InfrastructureException e)
            {
                problems.Add(e.Message);
                continue;
            }
            try
            {
                Akka.Configuration.ConfigurationFactory.ParseString(text);
            }
            catch (Exception e)
            {
                var line = LineOf(e.Message);
                problems.Add(f + (line > 0 ? ":" + line : "") + ": " + e.Message.Trim());
            }
        }
        return problems;
    }

    private static int LineOf(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"[Ll]ine[: ]+(\d+)");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private static string Count(int n) => n + (n == 1 ? " problem" : " problems");
}
