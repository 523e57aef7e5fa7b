using IOPath = System.IO.Path;

namespace Dream.Trials.Processes;

/// <summary>
/// Finds the external programs a node runs (stress-ng, fio, iperf3, nvidia-smi, taskset…) on a search path, so
/// that a missing one is reported as "X is not installed on this node" before anything starts, rather than as an
/// obscure exec failure, or worse, a zero.
/// </summary>
public sealed class Tools
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The directories searched, for a message.</summary>
    public IReadOnlyList<string> Path { get; }

    private Tools(IReadOnlyList<string> path) => Path = path;

    /// <summary>The directories of this process's <c>PATH</c>.</summary>
    public static Tools System() => OnPath(global::System.Environment.GetEnvironmentVariable("PATH"));

    /// <summary>A search path given as <c>PATH</c> text (directories separated by ':'); tests point it elsewhere.</summary>
    public static Tools OnPath(string? pathText)
    {
        var dirs = new List<string>();
        if (pathText is not null)
            foreach (var d in pathText.Split(IOPath.PathSeparator))
                if (!string.IsNullOrWhiteSpace(d)) dirs.Add(d);
        return new Tools(dirs.AsReadOnly());
    }

    /// <summary>The executable <paramref name="name"/> on the search path; a name with a '/' is taken as a path as it stands.</summary>
    public string? Find(string name)
    {
        if (name.Contains('/')) return IsExecutableFile(name) ? name : null;
        foreach (var dir in Path)
        {
            var p = IOPath.Combine(dir, name);
            if (IsExecutableFile(p)) return p;
        }
        return null;
    }

    /// <summary>Like <see cref="Find"/>, or a <see cref="ToolMissingException"/> that says so in words.</summary>
    public string Require(string name) => Find(name) ?? throw new ToolMissingException(name, Missing(name));

    public string Missing(string name) =>
        name.Contains('/')
            ? name + " is not an executable file on this node"
            : name + " is not installed on this node (not found on PATH)";

    private static bool IsExecutableFile(string p)
    {
        try
        {
            if (!File.Exists(p)) return false; // follows symbolic links, false for directories
            if (OperatingSystem.IsWindows()) return true;
            var target = new FileInfo(p).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? p;
            return (File.GetUnixFileMode(target) & AnyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
