using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>One config file being read: the name problems are reported under, and where they go.</summary>
internal sealed record Source(string File, Problems Problems)
{
    /// <summary>A problem located where <paramref name="at"/> starts (1-based line and column); at the top of the file if null.</summary>
    public void Problem(YamlNode? at, string message, string fix)
    {
        if (at is null) ProblemAt(1, 1, message, fix);
        else ProblemAt(checked((int)at.Start.Line), checked((int)at.Start.Column), message, fix);
    }

    /// <summary>A problem about the file as a whole, reported at its first line.</summary>
    public void ProblemAtTop(string message, string fix) => ProblemAt(1, 1, message, fix);

    public void ProblemAt(int line, int column, string message, string fix) =>
        Problems.Add(new ConfigProblem(File, Math.Max(1, line), Math.Max(1, column), message, fix));
}
