namespace Dream.Trials.Workloads.Tool;

/// <summary>Checks on the arguments a regime gives an external tool.</summary>
internal static class ToolArgs
{
    /// <summary>Whether <paramref name="args"/> holds option <paramref name="name"/> as "name" or, for a long option, "name=value".</summary>
    public static bool Has(IReadOnlyList<string> args, string name)
    {
        foreach (var a in args)
        {
            if (a == name) return true;
            if (name.StartsWith("--", StringComparison.Ordinal) && a.StartsWith(name + "=", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The value of option <paramref name="names"/> ("name value" or "name=value"), or null.</summary>
    public static string? Value(IReadOnlyList<string> args, params string[] names)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            foreach (var name in names)
            {
                if (a == name && i + 1 < args.Count) return args[i + 1];
                if (name.StartsWith("--", StringComparison.Ordinal) && a.StartsWith(name + "=", StringComparison.Ordinal)) return a[(name.Length + 1)..];
            }
        }
        return null;
    }

    /// <summary>Refuses the options Dream sets itself (or that would make the tool run other programs).</summary>
    public static void Refuse(string tool, IReadOnlyList<string> args, IEnumerable<string> options, string why)
    {
        foreach (var o in options)
            if (Has(args, o)) throw new ArgumentException($"{tool} argument {o} is not allowed in a regime: {why}");
    }

    /// <summary>Whole seconds for a tool that counts only those: at least 1.</summary>
    public static long WholeSeconds(string tool, double seconds, string what)
    {
        if (!(seconds > 0)) throw new ArgumentException($"{tool} cannot run for {seconds} s: give the regime a {what} above 0");
        return Math.Max(1, (long)Math.Round(seconds, MidpointRounding.AwayFromZero));
    }
}
