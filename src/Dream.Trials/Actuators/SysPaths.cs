using System.Text;
using System.Text.RegularExpressions;
using Dream.Trials.Probes;

namespace Dream.Trials.Actuators;

/// <summary>
/// Resolves a knob's declared sysfs/procfs path or glob to the files it names under the system root, and refuses
/// anything else: the declared path must be absolute and inside its tree (<c>/sys</c> or <c>/proc</c>), without "."
/// or ".." segments, and every file it reaches must, after following symlinks, still lie inside that tree under the
/// root. A glob may use * ? [..] {..} within a segment.
/// </summary>
internal static class SysPaths
{
    internal static void CheckDeclared(string? declared, string top)
    {
        if (declared is null || !declared.StartsWith(top + "/", StringComparison.Ordinal))
            throw new ArgumentException("path " + declared + " is not under " + top + "; refused");
        foreach (var seg in declared[1..].Split('/'))
            if (seg.Length == 0 || seg == "." || seg == ".." || seg.Contains('\\'))
                throw new ArgumentException("path " + declared + " has an empty, '.' or '..' segment; refused");
    }

    /// <summary>The existing regular files <paramref name="declared"/> names under <paramref name="root"/>, as absolute in-tree paths.</summary>
    internal static IReadOnlyList<string> Expand(SysRoot root, string? declared, string top)
    {
        CheckDeclared(declared, top);
        IReadOnlyList<string> current = [root.Root];
        foreach (var seg in declared![1..].Split('/'))
        {
            var next = new List<string>();
            if (IsGlob(seg))
            {
                var m = Glob(seg);
                foreach (var dir in current)
                {
                    if (!Directory.Exists(dir)) continue;
                    next.AddRange(Directory.EnumerateFileSystemEntries(dir)
                        .Where(p => m.IsMatch(Path.GetFileName(p)))
                        .OrderBy(p => p, StringComparer.Ordinal));
                }
            }
            else
            {
                foreach (var dir in current)
                    if (SysRoot.Exists(Path.Combine(dir, seg))) next.Add(Path.Combine(dir, seg));
            }
            current = next;
        }
        var files = new List<string>();
        foreach (var p in current)
        {
            CheckInside(root, p, top, declared);
            if (File.Exists(p)) files.Add("/" + Path.GetRelativePath(root.Root, p).Replace('\\', '/'));
        }
        if (files.Count == 0) throw new NoSuchFileException("no file matches " + declared + " under " + root.Root);
        return files;
    }

    /// <summary>The file of <paramref name="concrete"/> (an in-tree path from the journal), if it is one <paramref name="declared"/> names.</summary>
    internal static string Verified(SysRoot root, string? declared, string concrete, string top)
    {
        CheckDeclared(declared, top);
        CheckDeclared(concrete, top);
        if (!Matches(declared!, concrete))
            throw new ArgumentException("path " + concrete + " is not one that " + declared + " names; refused");
        var p = root.Resolve(concrete);
        CheckInside(root, p, top, declared!);
        return p;
    }

    internal static bool Matches(string declared, string concrete)
    {
        var d = declared[1..].Split('/');
        var c = concrete[1..].Split('/');
        if (d.Length != c.Length) return false;
        for (var i = 0; i < d.Length; i++)
        {
            if (IsGlob(d[i]))
            {
                if (!Glob(d[i]).IsMatch(c[i])) return false;
            }
            else if (d[i] != c[i])
            {
                return false;
            }
        }
        return true;
    }

    private static void CheckInside(SysRoot root, string p, string top, string declared)
    {
        var tree = Path.Combine(RealPath(root.Root), top[1..]);
        var real = RealPath(p);
        if (real != tree && !real.StartsWith(tree.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new ArgumentException("path " + declared + " leads to " + real + ", outside " + tree + "; refused");
    }

    private static bool IsGlob(string seg) => seg.IndexOfAny(['*', '?', '[', '{']) >= 0;

    /// <summary>A glob of one path segment (as Java's "glob:" PathMatcher reads it) as a whole-name regex.</summary>
    internal static Regex Glob(string glob)
    {
        var re = new StringBuilder("^");
        var inGroup = false;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': re.Append("[^/]*"); break;
                case '?': re.Append("[^/]"); break;
                case '{':
                    re.Append("(?:");
                    inGroup = true;
                    break;
                case '}' when inGroup:
                    re.Append(')');
                    inGroup = false;
                    break;
                case ',' when inGroup: re.Append('|'); break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        re.Append(@"\[");
                        break;
                    }
                    var body = glob[(i + 1)..end];
                    if (body.StartsWith('!')) body = "^" + body[1..];
                    re.Append('[').Append(body.Replace(@"\", @"\\")).Append(']');
                    i = end;
                    break;
                default: re.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(re.Append('$').ToString());
    }

    /// <summary>The path with every symbolic link resolved (Java's toRealPath); a missing file is a <see cref="NoSuchFileException"/>.</summary>
    internal static string RealPath(string path)
    {
        var pending = new List<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending[0];
            pending.RemoveAt(0);
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > 40) throw new IOException(path + ": too many levels of symbolic links");
                if (target.StartsWith('/')) current = "/";
                pending.InsertRange(0, target.Split('/', StringSplitOptions.RemoveEmptyEntries));
                continue;
            }
            if (!info.Exists) throw new NoSuchFileException(next);
            current = next;
        }
        return current;
    }
}
