using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace Dream.Cli.Commands;

/// <summary>
/// Options every command accepts: <c>new CommonOptions(command)</c> adds them, <see cref="Read"/> binds them.
/// Relative paths are taken from the current directory of the user (the launcher does not change it).
/// </summary>
public sealed class CommonOptions
{
    /// <summary>Names the config directory when --config-dir is not given.</summary>
    public const string ConfigDirEnv = "DREAM_CONFIG_DIR";

    /// <summary>Set by the <c>dream</c> launcher to the repository (installation) directory.</summary>
    public const string HomeEnv = "DREAM_HOME";

    public const string DefaultData = "dream-data";

    private readonly Option<List<string>> hocon = Options.List("--hocon", "FILE",
        "HOCON settings layered over the built-in defaults; repeatable, later files win.", split: false);

    private readonly Option<string?> configDir = Options.Text("--config-dir", "DIR",
        "Config files (regimes.yaml, caps.yaml, domains/). Default: $" + ConfigDirEnv
        + ", else ./config, else the config/ of the Dream installation.");

    private readonly Option<string> data = new("--data")
    {
        HelpName = "DIR",
        Description = "Journal, runs and baselines go here; a relative path is taken from the current directory.",
        DefaultValueFactory = _ => DefaultData,
    };

    public CommonOptions(Command command)
    {
        command.Add(hocon);
        command.Add(configDir);
        command.Add(data);
    }

    public CommonValues Read(ParseResult r) =>
        new(r.GetValue(hocon) ?? new List<string>(), r.GetValue(configDir), r.GetValue(data) ?? DefaultData);

    /// <summary>
    /// --config-dir if given; else $DREAM_CONFIG_DIR if set; else ./config if it is a directory; else
    /// &lt;dreamHome&gt;/config if it is one (so that <c>dream</c> works from any directory); else ./config, whose
    /// absence the loader then reports.
    /// </summary>
    public static string ResolveConfigDir(string? option, IReadOnlyDictionary<string, string> env, string cwd, string? dreamHome)
    {
        if (option is not null) return option;
        if (env.TryGetValue(ConfigDirEnv, out var fromEnv) && !string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        var local = cwd.Length == 0 ? "config" : Path.Combine(cwd, "config");
        if (Directory.Exists(local)) return local;
        if (!string.IsNullOrWhiteSpace(dreamHome))
        {
            var installed = Path.Combine(dreamHome, "config");
            if (Directory.Exists(installed)) return installed;
        }
        return local;
    }
}

/// <summary>The common options of one invocation.</summary>
public sealed record CommonValues(IReadOnlyList<string> Hocon, string? ConfigDirOption, string Data)
{
    /// <summary>The HOCON files in the order given.</summary>
    public IReadOnlyList<string> HoconFiles() => Hocon;

    public string DataDir() => Data;

    /// <summary>The config directory this command uses, see <see cref="CommonOptions.ResolveConfigDir"/>.</summary>
    public string ConfigDir()
    {
        var env = new Dictionary<string, string>();
        foreach (var name in new[] { CommonOptions.ConfigDirEnv })
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (v is not null) env[name] = v;
        }
        return CommonOptions.ResolveConfigDir(ConfigDirOption, env, "", Environment.GetEnvironmentVariable(CommonOptions.HomeEnv));
    }
}

/// <summary>Option factories with picocli's value syntax and messages, so that every command reads alike.</summary>
public static class Options
{
    private static readonly ConditionalWeakTable<Option, object> Split = new();

    /// <summary>Whether the option takes comma-separated values (shown as <c>D[,D...]</c> in the synopsis).</summary>
    public static bool IsSplit(Option o) => Split.TryGetValue(o, out _);

    public static Option<string?> Text(string name, string label, string description) =>
        new(name) { HelpName = label, Description = description };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    public static Option<int?> Int(string name, string description, string? label = null) => new(name)
    {
        HelpName = label ?? name.TrimStart('-'),
        Description = description,
        CustomParser = r => Number<int>(r, name, "int", s => int.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (int?)null),
    };

    public static Option<long?> Long(string name, string description, string? label = null) => new(name)
    {
        HelpName = label ?? name.TrimStart('-'),
        Description = description,
        CustomParser = r => Number<long>(r, name, "long", s => long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (long?)null),
    };

    /// <summary>A repeatable option; with <paramref name="split"/> each value may also list several, comma-separated.</summary>
    public static Option<List<string>> List(string name, string label, string description, bool split = true)
    {
        var o = new Option<List<string>>(name)
        {
            HelpName = label,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => new List<string>(),
            CustomParser = r => split
                ? r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
                : r.Tokens.Select(t => t.Value).ToList(),
        };
        if (split) Split.AddOrUpdate(o, true);
        return o;
    }

    private static T? Number<T>(ArgumentResult r, string name, string type, Func<string, T?> parse) where T : struct
    {
        if (r.Tokens.Count == 0) return null;
        var text = r.Tokens[^1].Value;
        var v = parse(text);
        if (v is null) r.AddError($"Invalid value for option '{name}': '{text}' is not an {type}");
        return v;
    }
}
