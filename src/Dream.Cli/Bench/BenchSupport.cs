using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Dream.Core;

namespace Dream.Cli.Bench;

/// <summary>What every benchmark's results file says about the machine it ran on, and the small helpers they share.</summary>
public static class BenchSupport
{
    /// <summary>UTC time as results files are named: <c>throughput-2026-12-06T19-40-00Z.json</c>.</summary>
    public static string FileTime(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An instant as the results documents write it: ISO 8601 UTC with milliseconds.</summary>
    public static string Instant(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><paramref name="v"/> to <paramref name="digits"/> decimals, halves up (as Java's Math.round).</summary>
    public static double Round(double v, int digits)
    {
        var f = Math.Pow(10, digits);
        return Math.Floor(v * f + 0.5) / f;
    }

    /// <summary><paramref name="v"/> rounded, or null when it is not a number (a division by zero trials).</summary>
    public static double? RoundOrNull(double v, int digits) => double.IsFinite(v) ? Round(v, digits) : null;

    /// <summary>A HOCON string literal.</summary>
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Fixed-point text with <paramref name="decimals"/> decimals, invariant culture (Java's <c>%.Nf</c>).</summary>
    public static string Fixed(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A results document's opening: its schema, when, which build, and the machine.</summary>
    public static Dictionary<string, object?> Document(string schema, DateTimeOffset started, string nodeClass) => new()
    {
        ["schema"] = schema,
        ["started_at_utc"] = Instant(started),
        ["dream_version"] = BuildInfo.Version(),
        ["code_hash"] = BuildInfo.CodeHash(),
        ["node_class"] = nodeClass,
        // The Java tree wrote the JVM here ("jvm"); this is the .NET runtime that ran the bench.
        ["runtime"] = Runtime(),
        ["cpu"] = Cpu(),
    };

    private static Dictionary<string, object?> Runtime()
    {
        var memory = GC.GetGCMemoryInfo();
        return new Dictionary<string, object?>
        {
            ["version"] = Environment.Version.ToString(),
            ["framework"] = RuntimeInformation.FrameworkDescription,
            ["runtime_identifier"] = RuntimeInformation.RuntimeIdentifier,
            ["max_heap_mb"] = memory.TotalAvailableMemoryBytes / (1024 * 1024),
            ["gc"] = new Dictionary<string, object?>
            {
                ["server"] = GCSettings.IsServerGC,
                ["concurrent"] = GCConcurrent(),
                ["latency_mode"] = GCSettings.LatencyMode.ToString(),
                // Collections since this process started, by generation, when the document was written.
                ["collections"] = Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount).ToList(),
            },
            ["dotnet_environment"] = DotnetEnvironment(),
        };
    }

    /// <summary>Whether background (concurrent) GC is on: the runtime config's switch, default on.</summary>
    private static bool GCConcurrent() =>
        AppContext.GetData("System.GC.Concurrent") is not { } v || !bool.TryParse(v.ToString(), out var on) || on;

    /// <summary>The runtime's own settings from the environment (DOTNET_*, COMPlus_*), which play the part of the JVM's options.</summary>
    private static SortedDictionary<string, object?> DotnetEnvironment()
    {
        var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var k = (string)e.Key;
            if ((k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("COMPlus_", StringComparison.Ordinal))
                && !k.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase))
                d[k] = e.Value as string;
        }
        return d;
    }

    private static Dictionary<string, object?> Cpu() => new()
    {
        ["available_processors"] = Environment.ProcessorCount,
        ["model"] = CpuModel(),
        ["os"] = RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The 1-minute load average, or null where the platform does not say (no /proc/loadavg).</summary>
    public static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU time of this whole process (every thread) so far.</summary>
    public static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    public static void DeleteTree(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover work directory costs disk space only
        }
    }
}
