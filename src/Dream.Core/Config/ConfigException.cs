namespace Dream.Core.Config;

/// <summary>Every problem found in a configuration directory; the CLI prints them and exits with status 2.</summary>
public sealed class ConfigException : Exception
{
    private readonly IReadOnlyList<ConfigProblem> _problems;

    public ConfigException(IEnumerable<ConfigProblem> problems) : this(problems.ToList())
    {
    }

    private ConfigException(List<ConfigProblem> problems)
        : base(string.Join("\n", problems.Select(p => p.ToString())))
    {
        _problems = problems.AsReadOnly();
    }

    public IReadOnlyList<ConfigProblem> Problems() => _problems;
}
