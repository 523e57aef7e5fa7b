namespace Dream.Core.Scheduling;

/// <summary>
/// When the next campaign of a domain starts. Intervals are rates, not gaps: campaigns are planned on a grid
/// <c>planned + k·every</c>, so a campaign's own length does not push the next one back; one that overran
/// its slot is followed at the next slot still ahead (missed slots are skipped, never run in a burst). A
/// failed campaign is retried after an exponential backoff instead of at once (the original retried a
/// failing domain every 30 s, forever: defect 24).
/// </summary>
public static class SchedulePolicy
{
    /// <summary>The first slot <c>planned + k·every</c>, k ≥ 1, that is not before <paramref name="ended"/>.</summary>
    public static DateTimeOffset NextAfterSuccess(DateTimeOffset planned, DateTimeOffset ended, TimeSpan every) =>
        planned + TimeSpan.FromTicks(checked(every.Ticks * SlotsAhead(planned, ended, every)));

    /// <summary>Slots that passed while the campaign planned at <paramref name="planned"/> ran past them (0 when it ended in time).</summary>
    public static long MissedSlots(DateTimeOffset planned, DateTimeOffset ended, TimeSpan every) => SlotsAhead(planned, ended, every) - 1;

    private static long SlotsAhead(DateTimeOffset planned, DateTimeOffset ended, TimeSpan every)
    {
        if (every <= TimeSpan.Zero) throw new ArgumentException("an interval must be positive, got " + every);
        var late = ended - planned;
        if (late <= every) return 1;
        return late.Ticks / every.Ticks + (late.Ticks % every.Ticks == 0 ? 0 : 1);
    }

    /// <summary>The wait before retrying after the <paramref name="failuresInARow"/>-th failure in a row (1 for the first).</summary>
    public static TimeSpan RetryDelay(int failuresInARow, Backoff backoff)
    {
        if (failuresInARow < 1) throw new ArgumentException("failuresInARow starts at 1, got " + failuresInARow);
        var d = backoff.Initial;
        for (var i = 1; i < failuresInARow && d < backoff.Max; i++) d *= 2;
        return d > backoff.Max ? backoff.Max : d;
    }
}
