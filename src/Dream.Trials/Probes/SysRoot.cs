using System.Globalization;
using System.Text;

namespace Dream.Trials.Probes;

/// <summary>
/// Where <c>/sys</c> and <c>/proc</c> are read (and written, by knob actuators): <c>$DREAM_SYS_ROOT</c> when set,
/// else <c>/</c>. Tests point it at a fake tree and run the real probe and actuator code.
/// </summary>
public sealed record SysRoot(string Root)
{
    public static SysRoot FromEnv()
    {
        var r = Environment.GetEnvironmentVariable("DREAM_SYS_ROOT");
        return new SysRoot(string.IsNullOrWhiteSpace(r) ? "/" : r);
    }

    /// <summary>Whether this is the machine's own tree ("/"), not a test tree: real kernel interfaces, real effects.</summary>
    public bool IsSystem() => Path.GetFullPath(Root).TrimEnd('/').Length == 0;

    /// <summary>The file that stands for the absolute path <paramref name="absolute"/> (e.g. "/proc/stat") under this root.</summary>
    public string Resolve(string absolute)
    {
        var rel = absolute.TrimStart('/');
        return rel.Length == 0 ? Root : Path.Combine(Root, rel);
    }

    /// <summary>
    /// The file's text, trimmed. A missing file is a <see cref="NoSuchFileException"/> and a refused one an
    /// <see cref="AccessDeniedException"/>, both naming the path, so that callers can say why in words.
    /// </summary>
    public static string Read(string p)
    {
        try
        {
            return File.ReadAllText(p, Encoding.UTF8).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NoSuchFileException(p);
        }
        catch (UnauthorizedAccessException)
        {
            throw new AccessDeniedException(p);
        }
    }

    public static long ReadLong(string p)
    {
        var s = Read(p);
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        throw new IOException(p + " holds '" + s + "', not an integer");
    }

    /// <summary>Whether a file or directory is there (following symbolic links).</summary>
    internal static bool Exists(string p) => File.Exists(p) || Directory.Exists(p);

    /// <summary>The entries of <paramref name="dir"/> whose names match <paramref name="nameRegex"/> wholly, sorted; none when it is no directory.</summary>
    internal static IReadOnlyList<string> List(string dir, string nameRegex)
    {
        if (!Directory.Exists(dir)) return [];
        var re = new System.Text.RegularExpressions.Regex("^(?:" + nameRegex + ")$");
        return Directory.EnumerateFileSystemEntries(dir)
            .Where(p => re.IsMatch(Path.GetFileName(p)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whitespace-separated fields of a line, as Java's <c>trim().split("\\s+")</c> gives them (never empty).</summary>
    internal static string[] Fields(string line)
    {
        var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return f.Length == 0 ? [""] : f;
    }

    internal static long ParseLong(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}

/// <summary>A file or sensor the node does not have; the message names what was looked for.</summary>
public sealed class NoSuchFileException(string message) : FileNotFoundException(message);

/// <summary>A file the node has but this process may not read; the message is its path.</summary>
public sealed class AccessDeniedException(string path) : IOException(path);
