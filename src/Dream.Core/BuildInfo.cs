using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Dream.Core;

/// <summary>
/// What is running: the project version and a hash of the code, recorded in every manifest and baseline so
/// that results can be traced to the build that produced them.
/// <para><b>Code hash.</b> <see cref="CodeHash()"/> is <c>"sha256:"</c> followed by 64 lowercase hex digits,
/// computed over Dream's own assemblies beside the running program (<see cref="AppContext.BaseDirectory"/>):
/// every file named <c>dream.dll</c> or <c>Dream.*.dll</c>, except test assemblies (<c>*.Tests.dll</c>), is one
/// item keyed by its file name. A directory given to <see cref="CodeHash(IEnumerable{string}, string?)"/>
/// contributes the Dream assemblies directly in it; a file counts when its name is a Dream assembly's. If
/// there is none (a single-file or renamed bundle), the file that holds this class is hashed instead.</para>
/// <para>For each item the line <c>&lt;sha256 hex of its bytes&gt;  &lt;key&gt;\n</c> is formed (the format of
/// <c>sha256sum</c>); the lines are sorted by key (then by digest) and the hash is the sha256 of their
/// concatenation in UTF-8, so where the program lives does not matter, only the bytes of the code. The same
/// value is obtained with <c>cd DIR &amp;&amp; sha256sum dream.dll Dream.*.dll | LC_ALL=C sort -k2 | sha256sum</c>
/// (test assemblies left out). Builds are deterministic, so rebuilding unchanged sources gives the same hash.</para>
/// </summary>
public static class BuildInfo
{
    /// <summary>Returned by <see cref="Version"/> when the assembly carries no version.</summary>
    public const string UnknownVersion = "unknown";

    private static readonly Lazy<string> LazyVersion = new(ReadVersion);
    private static readonly Lazy<string> LazyCodeHash = new(() => CodeHash(CodeLocations(), OwnLocation()));

    /// <summary>The project version this code was built as (Directory.Build.props' <c>Version</c>), e.g. <c>0.2.0</c>.</summary>
    public static string Version() => LazyVersion.Value;

    /// <summary><c>sha256:&lt;64 hex&gt;</c> over the running build, as described in the class comment; computed once.</summary>
    public static string CodeHash() => LazyCodeHash.Value;

    /// <summary>Where the running build's assemblies are: the directory of the program.</summary>
    public static IReadOnlyList<string> CodeLocations() => [AppContext.BaseDirectory];

    /// <summary>
    /// The code hash over the given files and directories (only Dream assemblies count); when none of them
    /// holds one, <paramref name="fallback"/> (a file, may be null) is hashed instead.
    /// </summary>
    public static string CodeHash(IEnumerable<string> locations, string? fallback)
    {
        var lines = new List<(string Key, string Digest)>();
        foreach (var entry in locations) lines.AddRange(DreamItems(entry));
        if (lines.Count == 0 && fallback is not null && File.Exists(fallback)) lines.Add(Item(fallback));
        var text = new StringBuilder();
        foreach (var (key, digest) in lines.OrderBy(l => l.Key, StringComparer.Ordinal).ThenBy(l => l.Digest, StringComparer.Ordinal))
        {
            text.Append(digest).Append("  ").Append(key).Append('\n');
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Whether a file name is one of Dream's own assemblies (tests excluded).</summary>
    public static bool IsDreamAssembly(string fileName) =>
        (fileName == "dream.dll" || (fileName.StartsWith("Dream.", StringComparison.Ordinal) && fileName.EndsWith(".dll", StringComparison.Ordinal)))
        && !fileName.EndsWith(".Tests.dll", StringComparison.Ordinal);

    private static IEnumerable<(string Key, string Digest)> DreamItems(string entry)
    {
        try
        {
            if (File.Exists(entry)) return IsDreamAssembly(Path.GetFileName(entry)) ? [Item(entry)] : [];
            if (!Directory.Exists(entry)) return [];
            return Directory.GetFiles(entry).Where(f => IsDreamAssembly(Path.GetFileName(f))).Select(Item).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException("cannot read " + entry + " to compute the code hash", e);
        }
    }

    private static (string Key, string Digest) Item(string file) =>
        (Path.GetFileName(file), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));

    private static string ReadVersion()
    {
        var v = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" (build metadata) when it knows the source revision; the version is what precedes it.
        var version = v?.Split('+')[0].Trim();
        return string.IsNullOrEmpty(version) ? UnknownVersion : version;
    }

    private static string? OwnLocation()
    {
        var location = typeof(BuildInfo).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : location;
    }
}
