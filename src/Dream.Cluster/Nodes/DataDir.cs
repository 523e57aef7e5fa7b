using System.Text.RegularExpressions;

namespace Dream.Cluster.Nodes;

/// <summary>
/// The data directory, marked by <c>dream-data.json</c> so that Dream never writes into a directory it did
/// not create (a mistyped <c>--data</c> pointing at a home directory, say) and so that a damaged one is
/// recognised before the journal is opened.
/// </summary>
public static class DataDir
{
    public const string Marker = "dream-data.json";
    private const string Format = "{\"format\": \"dream-data\", \"version\": 1}\n";

    /// <summary>Thrown for a directory that is not, or no longer, a Dream data directory: exit status 2.</summary>
    public sealed class Rejected(string message) : Exception(message);

    /// <summary>What opening a data directory found, so that a command that then fails before recording anything can undo it.</summary>
    public abstract record Opened(string Dir)
    {
        /// <summary>Puts the file system back as opening found it (nothing to do for a data directory that existed).</summary>
        public abstract void Undo();

        /// <summary>It was a data directory already: it stays as it is.</summary>
        public sealed record Existing(string Dir) : Opened(Dir)
        {
            public override void Undo() { }
        }

        /// <summary>An empty directory made a data directory: what is in it now came from this command.</summary>
        public sealed record Initialised(string Dir) : Opened(Dir)
        {
            public override void Undo()
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(Dir)) DeleteTree(entry);
            }
        }

        /// <summary>It did not exist: <paramref name="Topmost"/> (the directory or the first of its parents that did not exist either) came from this command.</summary>
        public sealed record Created(string Dir, string Topmost) : Opened(Dir)
        {
            public override void Undo() => DeleteTree(Topmost);
        }
    }

    public static string Open(string dir) => Prepare(dir).Dir;

    /// <summary>Opens <paramref name="dir"/> like <see cref="Open"/>, and says whether it existed.</summary>
    public static Opened Prepare(string dir)
    {
        var abs = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        try
        {
            if (File.Exists(abs)) throw new Rejected($"{abs} is a file, not a data directory; pass --data with a directory");
            var marker = Path.Combine(abs, Marker);
            var journal = Path.Combine(abs, "journal");
            if (File.Exists(marker))
            {
                var text = File.ReadAllText(marker);
                if (!Regex.Replace(text, @"\s", "").Contains("\"format\":\"dream-data\"", StringComparison.Ordinal))
                    throw new Rejected($"{marker} is damaged (expected {Format.Trim()}); restore it or use another --data directory");
                if (File.Exists(journal)) throw new Rejected($"{journal} is not a directory; the data directory is damaged");
                return new Opened.Existing(abs);
            }
            Opened opened;
            if (Directory.Exists(abs))
            {
                if (Directory.EnumerateFileSystemEntries(abs).Any())
                    throw new Rejected($"{abs} is not a Dream data directory (it has files but no {Marker}); pass --data with an empty or new directory");
                opened = new Opened.Initialised(abs);
            }
            else
            {
                var topmost = abs;
                while (Path.GetDirectoryName(topmost) is { } parent && !Directory.Exists(parent) && !File.Exists(parent)) topmost = parent;
                opened = new Opened.Created(abs, topmost);
            }
            Directory.CreateDirectory(journal);
            File.WriteAllText(marker, Format);
            return opened;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Rejected($"cannot use data directory {abs}: {e.Message}");
        }
    }

    /// <summary>Removes a file or a directory tree; a symbolic link is removed, never followed.</summary>
    internal static void DeleteTree(string root)
    {
        var info = new FileInfo(root);
        if (info.LinkTarget != null || File.Exists(root)) { info.Delete(); return; }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
