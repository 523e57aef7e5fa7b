using System.Diagnostics;
using System.Globalization;

namespace Dream.Trials.Tests.Trials;

/// <summary>What a test can see of processes: whether one still runs, and what this test process left running
/// (Java's test helper <c>Processes</c>, renamed so as not to hide the namespace Dream.Trials.Processes).</summary>
public static class ProcessWatch
{
    /// <summary>Alive and not a zombie waiting for a parent (in a container, nothing may reap re-parented children).</summary>
    public static bool Running(long pid)
    {
        var stat = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "stat");
        try
        {
            if (!File.Exists(stat)) return false;
            var s = File.ReadAllText(stat);
            var state = s[s.LastIndexOf(')') + 2];
            return state != 'Z' && state != 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // it went away while we looked
        }
    }

    /// <summary>The descendants of this process that still run, after waiting up to <paramref name="ms"/> for them to go.</summary>
    public static IReadOnlyList<int> Leftovers(long ms)
    {
        var end = Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;
        IReadOnlyList<int> left;
        do
        {
            left = Descendants(Environment.ProcessId).Where(p => Running(p)).ToList();
            if (left.Count == 0) return left;
            Thread.Sleep(20);
        } while (Stopwatch.GetTimestamp() < end);
        return left;
    }

    /// <summary>Whether <paramref name="pid"/> stops running within <paramref name="ms"/>.</summary>
    public static bool Gone(long pid, long ms)
    {
        var end = Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;
        while (Stopwatch.GetTimestamp() < end)
        {
            if (!Running(pid)) return true;
            Thread.Sleep(20);
        }
        return !Running(pid);
    }

    /// <summary>Every process below <paramref name="root"/>, from the parent PIDs in /proc.</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parent = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parent[pid] = int.Parse(f[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // It ended while we looked.
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var p))
            foreach (var (child, pp) in parent)
                if (pp == p && !found.Contains(child))
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
        return found;
    }
}
