using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dream.Cli.Commands;

/// <summary>
/// CPU time of this process's live threads since <see cref="Start"/>, grouped by pool (digits dropped from the thread
/// names, which Linux keeps in /proc/self/task/*/comm), so that a measurement can say which part of the pipeline used
/// the processor. Threads that ended in between are not counted; elsewhere than on Linux only the process total is.
/// </summary>
public sealed partial class ThreadCpu
{
    private readonly Dictionary<int, TimeSpan> startTimes;

    private ThreadCpu(Dictionary<int, TimeSpan> startTimes) => this.startTimes = startTimes;

    public static ThreadCpu Start() => new(Snapshot().ToDictionary(t => t.Id, t => t.Cpu));

    /// <summary>Milliseconds of CPU per thread group since <see cref="Start"/>, largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> SinceStart()
    {
        var byGroup = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in Snapshot())
        {
            var used = (long)(t.Cpu - startTimes.GetValueOrDefault(t.Id)).TotalMilliseconds;
            byGroup[Group(t.Name)] = byGroup.GetValueOrDefault(Group(t.Name)) + used;
        }
        return byGroup.Where(e => e.Value != 0).OrderByDescending(e => e.Value).ToList();
    }

    public static string Group(string threadName) => Digits().Replace(threadName, "N");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    private static IEnumerable<(int Id, string Name, TimeSpan Cpu)> Snapshot()
    {
        var list = new List<(int, string, TimeSpan)>();
        try
        {
            foreach (ProcessThread t in Process.GetCurrentProcess().Threads)
            {
                try
                {
                    list.Add((t.Id, ThreadName(t.Id), t.TotalProcessorTime));
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
                {
                    // the thread ended while we looked
                }
            }
        }
        catch (PlatformNotSupportedException)
        {
            // no per-thread times here
        }
        return list;
    }

    private static string ThreadName(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/self/task/{id}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "thread";
        }
    }
}
