using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>What several end-to-end tests share: the test configs, the output checks and the file-tree snapshots.</summary>
public static partial class E2e
{
    /// <summary>The sim config of the single-process tests (20 ms trials).</summary>
    public static readonly string Config = RunFiles.Data("sim-config");

    /// <summary>A --hocon file that snapshots every 5 events, so that a resumed run recovers from a snapshot plus events.</summary>
    public static readonly string Snapshots = RunFiles.Data("snapshots.conf");

    public static readonly IReadOnlyDictionary<string, string> NoEnv = new Dictionary<string, string>();

    /// <summary>
    /// True when PostgreSQL answers; otherwise writes why the test is skipped and returns false (xunit 2.9 has no
    /// dynamic skip: such a test passes, saying so in its output).
    /// </summary>
    public static bool PostgresOrSkip(ITestOutputHelper output)
    {
        var unavailable = PostgresDatabase.Unavailable();
        if (unavailable is null) return true;
        output.WriteLine("skipped: " + unavailable);
        return false;
    }

    // A .NET frame: "   at Namespace.Type.Method(args) in file:line N"; [ \t] so that a blank line before "at most ..." is no frame.
    [GeneratedRegex(@"^[ \t]+at [\w.`<>\[\],+]+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    /// <summary>A message for people: never "internal error" and never a .NET stack trace.</summary>
    public static void AssertNoStackTrace(string output)
    {
        Assert.False(output.Contains("internal error"), output);
        Assert.False(output.Contains("\tat "), output);
        Assert.False(StackFrame().IsMatch(output), output);
    }

    /// <summary>Every file and directory under <paramref name="root"/> with its content's hash and modification time.</summary>
    public static SortedDictionary<string, string> Tree(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["/"] = "dir" };
        foreach (var d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, d) + "/"] = "dir";
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            entries[Path.GetRelativePath(root, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))) + " "
                + File.GetLastWriteTimeUtc(f).Ticks;
        return entries;
    }

    public static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
        return to;
    }

    public static List<string> RunDirs(string data) =>
        Directory.GetDirectories(Path.Combine(data, "runs")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    /// <summary>The embedded journal of a data directory (DESIGN.md section 4): a SQLite file.</summary>
    public static string SqliteJournal(string data) => Path.Combine(data, "journal", "dream.db");

    /// <summary>
    /// Persistence id → highest sequence number in the SQLite journal of <paramref name="data"/>, read only. Akka.NET's
    /// own bookkeeping is left out: a node that starts re-allocates the shards it remembers and the sharding
    /// coordinator's store records that again, whatever the command then does.
    /// </summary>
    public static SortedDictionary<string, long> Journal(string data)
    {
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var b = new SqliteConnectionStringBuilder { DataSource = SqliteJournal(data), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using (var c = new SqliteConnection(b.ConnectionString))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT persistence_id, max(sequence_number) FROM journal GROUP BY persistence_id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetString(0);
                if (!id.StartsWith("/system/sharding/", StringComparison.Ordinal) && !id.StartsWith("/sharding/", StringComparison.Ordinal))
                    rows[id] = r.GetInt64(1);
            }
        }
        Assert.True(rows.Keys.Any(id => id.StartsWith("Run|", StringComparison.Ordinal)), "no run in the journal: " + string.Join(", ", rows.Keys));
        return rows;
    }

    /// <summary>The first group of the first match of <paramref name="pattern"/>, waiting up to 120 s while the process lives.</summary>
    public static string AwaitGroup(DreamProcess p, Regex pattern, int timeoutS = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutS);
        while (DateTime.UtcNow < deadline)
        {
            var m = pattern.Match(p.Output());
            if (m.Success) return m.Groups[1].Value;
            if (p.Process.HasExited) break;
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"no {pattern} in:\n{p.Output()}");
    }

    /// <summary>A copy of <paramref name="source"/> (a test config) whose trials last <paramref name="durationS"/> instead of 20 ms.</summary>
    public static string SlowerConfig(string source, string target, string durationS)
    {
        Directory.CreateDirectory(Path.Combine(target, "domains"));
        File.Copy(Path.Combine(source, "caps.yaml"), Path.Combine(target, "caps.yaml"));
        File.Copy(Path.Combine(source, "domains", "sim.yaml"), Path.Combine(target, "domains", "sim.yaml"));
        var regimes = File.ReadAllText(Path.Combine(source, "regimes.yaml"));
        Assert.Contains("duration_s: 0.02", regimes);
        File.WriteAllText(Path.Combine(target, "regimes.yaml"), regimes.Replace("duration_s: 0.02", "duration_s: " + durationS));
        return target;
    }

    /// <summary>The repository root: the directory that holds Dream.sln, above the test assembly.</summary>
    /// <remarks>With DREAM_ARTIFACTS the assembly is built outside the repository: then this source file's own place says.</remarks>
    public static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Dream.sln"))) return d.FullName;
        throw new InvalidOperationException("no Dream.sln above " + AppContext.BaseDirectory + " or " + source);
    }

    /// <summary>Where tests keep what is for a look afterwards (cluster logs and figures), beside the test assembly.</summary>
    public static string Kept(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "e2e-kept", .. parts]);

    /// <summary>The file's text once it exists: the run's files are written by its projection, a moment after the run starts.</summary>
    public static string AwaitFile(string path, int timeoutS = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutS);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"{path} did not appear in {timeoutS} s");
            Thread.Sleep(20);
        }
        return File.ReadAllText(path);
    }
}
