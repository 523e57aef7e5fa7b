using System.Globalization;
using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// Reading Dream's log lines, which begin with the local time of day (<c>HH:mm:ss.fff LEVEL source - message</c>), as
/// instants: a scenario knows the instant of its fault, and a line's time of day is taken on that day (a midnight in
/// between is allowed for).
/// </summary>
public static partial class LogLines
{
    /// <summary>
    /// Where a log line begins: its time of day and level. Not anchored at the start of a line: <c>dream run</c>'s
    /// progress bar on stderr ends without a newline, so the next log line follows it on the same line.
    /// </summary>
    public const string Start = @"(\d\d:\d\d:\d\d\.\d{3}) (?=[A-Z]+\s)";

    /// <summary>A runner's trial lines: <c>trial ID started (lease N)</c>, <c>trial ID finished: OUTCOME (lease N)</c>.</summary>
    [GeneratedRegex(Start + @".*?trial (\S+) (started|finished)", RegexOptions.Multiline)]
    private static partial Regex TrialLine();

    /// <summary>One trial line of a runner's log.</summary>
    public sealed record TrialLineEvent(TimeOnly Time, string TrialId, bool Finished);

    public static IReadOnlyList<TrialLineEvent> Trials(string log) =>
        TrialLine().Matches(log).Select(m => new TrialLineEvent(ParseTime(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value == "finished"))
            .ToList();

    /// <summary>The trial ids a runner started, in order, each with whether it has finished.</summary>
    public static IReadOnlyList<(string TrialId, bool Finished)> StartedTrials(string log)
    {
        var order = new List<string>();
        var finished = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var t in Trials(log))
        {
            if (!finished.ContainsKey(t.TrialId)) order.Add(t.TrialId);
            finished[t.TrialId] = t.Finished || finished.GetValueOrDefault(t.TrialId);
        }
        return order.Select(id => (id, finished[id])).ToList();
    }

    public static TimeOnly ParseTime(string hhmmssfff) => TimeOnly.ParseExact(hhmmssfff, "HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>
    /// The instant of a log line's local time of day <paramref name="time"/>, on the local day of <paramref name="near"/>
    /// or the day before or after, whichever is nearest to it.
    /// </summary>
    public static DateTimeOffset Instant(TimeOnly time, DateTimeOffset near)
    {
        var local = near.ToLocalTime();
        var day = local.Date;
        DateTimeOffset best = default;
        var bestGap = TimeSpan.MaxValue;
        foreach (var d in new[] { day.AddDays(-1), day, day.AddDays(1) })
        {
            var at = new DateTimeOffset(d + time.ToTimeSpan(), local.Offset);
            var gap = (at - near).Duration();
            if (gap < bestGap)
            {
                best = at;
                bestGap = gap;
            }
        }
        return best;
    }

    /// <summary>
    /// The earliest instant, not before <paramref name="after"/> (less a clock tolerance of the log's milliseconds),
    /// of a line of <paramref name="logs"/> whose text after the time matches <paramref name="pattern"/>; null when
    /// none does.
    /// </summary>
    public static DateTimeOffset? First(IEnumerable<string> logs, string pattern, DateTimeOffset after)
    {
        var line = new Regex(Start + pattern, RegexOptions.Multiline);
        DateTimeOffset? earliest = null;
        foreach (var log in logs)
        {
            foreach (Match m in line.Matches(log))
            {
                var at = Instant(ParseTime(m.Groups[1].Value), after);
                if (at < after.AddMilliseconds(-5)) continue;
                if (earliest == null || at < earliest) earliest = at;
            }
        }
        return earliest;
    }

    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>, rounded to milliseconds; null when either is unknown.</summary>
    public static double? Seconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } f && to is { } t ? Math.Round((t - f).TotalSeconds, 3) : null;
}
