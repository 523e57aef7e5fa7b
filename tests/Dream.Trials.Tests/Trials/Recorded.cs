namespace Dream.Trials.Tests.Trials;

/// <summary>
/// Real tool outputs recorded under Trials/data/recorded (see the README there for their origin), read from the
/// source tree (see <see cref="RepoRoot"/>).
/// </summary>
public static class Recorded
{
    public static string Read(string path)
    {
        var file = Path.Combine(Dir(), path);
        if (!File.Exists(file)) throw new ArgumentException("no recorded output " + path);
        return File.ReadAllText(file);
    }

    public static string Dir() => Path.Combine(RepoRoot.Dir(), "tests", "Dream.Trials.Tests", "Trials", "data", "recorded");
}
