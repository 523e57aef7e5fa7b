using System.Globalization;
using System.Text;

namespace Dream.Trials.Processes;

/// <summary>
/// A process as the kernel tells it apart from every other: its PID, when it started (clock ticks after boot,
/// field 22 of <c>/proc/&lt;pid&gt;/stat</c>) and the boot it runs in (<c>/proc/sys/kernel/random/boot_id</c>;
/// null where the kernel has none). A PID is given out again once its process has ended; the same PID with the
/// same start time in the same boot is the same process.
/// </summary>
public sealed record ProcessIdentity(long Pid, long StartTicks, string? BootId)
{
    private const string Proc = "/proc";

    /// <summary>The process that runs as <paramref name="pid"/> now; null when none does (or only its zombie), or without /proc.</summary>
    public static ProcessIdentity? Of(long pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(Proc, pid.ToString(CultureInfo.InvariantCulture), "stat"), Encoding.ASCII);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // no such process (or it ended while we looked)
        }
        var start = ParseStartTicks(stat);
        return start is { } s ? new ProcessIdentity(pid, s, CurrentBoot()) : null;
    }

    /// <summary>Whether this very process still runs: one now running under its PID is another unless it started with it.</summary>
    public bool Running() => Of(Pid) is { } now && now == this;

    /// <summary>
    /// Field 22 (starttime) of a <c>/proc/&lt;pid&gt;/stat</c> line; null for a process that has ended (a zombie or
    /// a dead one) or a line that does not parse. The command name (field 2) may hold spaces and parentheses, so
    /// the fields are counted from its last ')'.
    /// </summary>
    internal static long? ParseStartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length) return null;
        var f = stat[(close + 2)..].Trim().Split(' ');
        if (f.Length < 20 || f[0] == "Z" || f[0] == "X") return null;
        // f[0] is field 3 (state), so field 22 is f[19]
        return long.TryParse(f[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    private static string? CurrentBoot()
    {
        try
        {
            return File.ReadAllText(Path.Combine(Proc, "sys/kernel/random/boot_id"), Encoding.ASCII).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
