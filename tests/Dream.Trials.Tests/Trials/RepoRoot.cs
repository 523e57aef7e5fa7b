using System.Runtime.CompilerServices;

namespace Dream.Trials.Tests.Trials;

/// <summary>
/// The repository's root, the directory that holds Dream.sln: found by walking up from the test binaries, or, when
/// they are built elsewhere (DREAM_ARTIFACTS), from this source file's own place.
/// </summary>
public static class RepoRoot
{
    public static string Dir() => Above(AppContext.BaseDirectory) ?? Above(SourceDir()) ??
        throw new InvalidOperationException("no Dream.sln above " + AppContext.BaseDirectory + " or " + SourceDir());

    private static string SourceDir([CallerFilePath] string file = "") => Path.GetDirectoryName(file) ?? "";

    private static string? Above(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Dream.sln"))) return d.FullName;
        return null;
    }
}
