using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Dream.Cli.Commands;

/// <summary>
/// Bad usage (exit 2): the error, any "did you mean" suggestions and the command's one-line synopsis, instead of the
/// full help, which would bury the error. The wording is the Java CLI's (picocli's), which scripts and the README show.
/// </summary>
public static class ShortUsageHandler
{
    private const int Width = 80;

    public static int Handle(ParseResult result, IReadOnlyList<string> args, TextWriter err)
    {
        var command = result.CommandResult.Command;
        var (message, suggestions) = Describe(result, args, command);
        err.WriteLine("dream: " + message);
        if (suggestions is not null) err.WriteLine(suggestions);
        err.Write(Synopsis(command));
        err.WriteLine($"Try '{QualifiedName(command)} --help' for more information.");
        err.Flush();
        return ExitCodes.Usage;
    }

    private static (string Message, string? Suggestions) Describe(ParseResult result, IReadOnlyList<string> args, Command command)
    {
        var unmatched = result.UnmatchedTokens;
        if (unmatched.Count > 0)
        {
            var quoted = string.Join(", ", unmatched.Select(t => "'" + t + "'"));
            if (unmatched[0].StartsWith('-'))
            {
                var names = command.Options.Where(o => !o.Hidden).SelectMany(o => new[] { o.Name }.Concat(o.Aliases))
                    .Where(n => n.StartsWith("--")).Distinct().ToList();
                var close = Similar(unmatched[0].Split('=', 2)[0], names);
                return ((unmatched.Count == 1 ? "Unknown option: " : "Unknown options: ") + quoted,
                    close.Count > 0 ? "Possible solutions: " + string.Join(", ", close) : null);
            }
            var index = IndexOf(args, unmatched[0]);
            var message = unmatched.Count == 1
                ? $"Unmatched argument at index {index}: {quoted}"
                : $"Unmatched arguments from index {index}: {quoted}";
            var commands = Similar(unmatched[0], command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList());
            return (message, commands.Count > 0
                ? "Did you mean: " + string.Join(" or ", commands.Select(c => QualifiedName(command) + " " + c)) + "?"
                : null);
        }
        var missingOption = command.Options.FirstOrDefault(o => o.Required && result.GetResult(o) is null or { Implicit: true });
        if (missingOption is not null) return ($"Missing required option: '{Label(missingOption)}'", null);
        foreach (var a in command.Arguments)
        {
            if (a.Arity.MinimumNumberOfValues > 0 && result.GetResult(a) is not { Tokens.Count: > 0 })
                return ($"Missing required parameter: '{a.HelpName ?? a.Name}'", null);
        }
        if (command.Subcommands.Count > 0 && command.Action is null && result.Errors.All(e => e.SymbolResult is null or CommandResult))
            return ("Missing required subcommand", null);
        return (result.Errors[0].Message, null);
    }

    /// <summary>
    /// The one-line synopsis, e.g. <c>Usage: dream validate [-hV] [--config-dir=DIR] [--data=DIR] [--hocon=FILE]...</c>,
    /// wrapped at 80 columns under the command name.
    /// </summary>
    public static string Synopsis(Command command)
    {
        var parts = new List<string> { "[-hV]" };
        var options = Visible(command).OrderBy(o => o.Name.TrimStart('-'), StringComparer.Ordinal);
        foreach (var o in options)
        {
            var label = Label(o);
            var repeat = o.Arity.MaximumNumberOfValues > 1 ? "..." : "";
            parts.Add(o.Required ? label + repeat : "[" + label + "]" + repeat);
        }
        foreach (var a in command.Arguments) parts.Add(a.Arity.MinimumNumberOfValues > 0 ? a.HelpName ?? a.Name : "[" + (a.HelpName ?? a.Name) + "]");
        if (command.Subcommands.Any(c => !c.Hidden)) parts.Add("[COMMAND]");

        var head = "Usage: " + QualifiedName(command) + " ";
        var indent = new string(' ', Math.Min(head.Length, Width / 2));
        var sb = new System.Text.StringBuilder();
        var line = new System.Text.StringBuilder(head);
        var empty = true;
        foreach (var p in parts)
        {
            if (!empty && line.Length + 1 + p.Length > Width)
            {
                sb.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(indent);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(p);
            empty = false;
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
        return sb.ToString().Replace("\n", Environment.NewLine);
    }

    /// <summary>E.g. <c>dream baselines show</c>.</summary>
    public static string QualifiedName(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Insert(0, c is RootCommand ? "dream" : c.Name);
        return string.Join(" ", names);
    }

    private static IEnumerable<Option> Visible(Command command)
    {
        var own = command.Options.Where(o => !o.Hidden && o is not HelpOption && o.Name != "--version");
        return own;
    }

    private static string Label(Option o)
    {
        if (o.Arity.MaximumNumberOfValues == 0) return o.Name;
        // picocli's labels: a name the option chose (DIR, HOST:PORT) as it is, a default one (population) in angle brackets.
        var label = o.HelpName ?? o.Name.TrimStart('-');
        if (label.Any(char.IsLower)) label = "<" + label + ">";
        return o.Name + "=" + (Options.IsSplit(o) ? label + "[," + label + "...]" : label);
    }

    private static int IndexOf(IReadOnlyList<string> args, string token)
    {
        for (var i = 0; i < args.Count; i++) if (args[i] == token) return i;
        return 0;
    }

    /// <summary>Names close to what was typed: a shared prefix, or a few edits away.</summary>
    internal static List<string> Similar(string typed, IReadOnlyList<string> names)
    {
        var t = typed.TrimStart('-');
        if (t.Length == 0) return new List<string>();
        return names
            .Select(n => (Name: n, Distance: Distance(t, n.TrimStart('-'))))
            .Where(x => x.Distance <= Math.Max(1, x.Name.TrimStart('-').Length / 3) || x.Name.TrimStart('-').StartsWith(t, StringComparison.Ordinal))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).ToList();
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
