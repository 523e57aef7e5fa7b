using Dream.Core.Scheduling;

namespace Dream.Core.Tests.Scheduling;

public class SchedulePolicyTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(30);

    [Fact]
    public void AnIntervalIsARateNotAGapAfterTheCampaign()
    {
        // planned 00:00, ran 10 minutes: the next one is at 00:30, not 00:40 as in the original.
        Assert.Equal(T0 + Every, SchedulePolicy.NextAfterSuccess(T0, T0.AddSeconds(600), Every));
        Assert.Equal(0, SchedulePolicy.MissedSlots(T0, T0.AddSeconds(600), Every));
    }

    [Fact]
    public void ACampaignEndingExactlyOnItsNextSlotIsFollowedAtOnce() =>
        Assert.Equal(T0 + Every, SchedulePolicy.NextAfterSuccess(T0, T0 + Every, Every));

    [Fact]
    public void AnOverrunSkipsTheMissedSlotsInsteadOfRunningThemInABurst()
    {
        // Ran 70 minutes: the 00:30 and 01:00 slots passed; the next is 01:30, and only one campaign runs then.
        var ended = T0 + TimeSpan.FromMinutes(70);
        Assert.Equal(T0 + TimeSpan.FromMinutes(90), SchedulePolicy.NextAfterSuccess(T0, ended, Every));
        Assert.Equal(2, SchedulePolicy.MissedSlots(T0, ended, Every));
    }

    [Fact]
    public void AServiceDownForDaysResumesOnTheSameGridWithOneCampaign()
    {
        var ended = T0 + TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1);
        var next = SchedulePolicy.NextAfterSuccess(T0, ended, Every);
        Assert.Equal(T0 + TimeSpan.FromDays(3) + Every, next);
        Assert.True((next - T0).Ticks % Every.Ticks == 0, "on the grid of the first plan");
    }

    [Fact]
    public void FailuresBackOffExponentiallyUpToTheMaximumAndNeverHotLoop()
    {
        var b = new Backoff(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20));
        Assert.Equal(TimeSpan.FromMinutes(1), SchedulePolicy.RetryDelay(1, b));
        Assert.Equal(TimeSpan.FromMinutes(2), SchedulePolicy.RetryDelay(2, b));
        Assert.Equal(TimeSpan.FromMinutes(4), SchedulePolicy.RetryDelay(3, b));
        Assert.Equal(TimeSpan.FromMinutes(16), SchedulePolicy.RetryDelay(5, b));
        Assert.Equal(TimeSpan.FromMinutes(20), SchedulePolicy.RetryDelay(6, b));
        // No overflow after many failures.
        Assert.Equal(TimeSpan.FromMinutes(20), SchedulePolicy.RetryDelay(10_000, b));
    }

    [Fact]
    public void InvalidArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SchedulePolicy.NextAfterSuccess(T0, T0, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => SchedulePolicy.RetryDelay(0, Backoff.Default));
        Assert.Throws<ArgumentException>(() => new Backoff(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void DurationsReadAndPrintAsWritten()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Durations.Parse("1h30m"));
        Assert.Equal(TimeSpan.FromSeconds(45), Durations.Parse("45s"));
        Assert.Equal(TimeSpan.FromDays(2), Durations.Parse("2d"));
        // A number without a unit is ambiguous.
        Assert.Null(Durations.Parse("30"));
        Assert.Null(Durations.Parse("30 minutes"));
        Assert.Null(Durations.Parse("99999999999999999999d"));
        Assert.Null(Durations.Parse("999999999999d"));
        Assert.Equal("1h30m", Durations.Format(TimeSpan.FromMinutes(90)));
        Assert.Equal("1d2s", Durations.Format(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(2)));
        Assert.Equal("0s", Durations.Format(TimeSpan.Zero));
    }

    [Fact]
    public void ADomainTakesWhatItDoesNotSayFromItsFallback()
    {
        var own = new DomainSchedule("cpu", TimeSpan.FromMinutes(5), null, 3, null, ["normal"], null);
        var fallback = new DomainSchedule(null, TimeSpan.FromHours(2), 12, 5, 2, null, "ga");
        Assert.Equal(new DomainSchedule("cpu", TimeSpan.FromMinutes(5), 12, 3, 2, ["normal"], "ga"), own.OrElse(fallback));
        Assert.Equal(DomainSchedule.DefaultEvery, DomainSchedule.Unset("cpu").Interval());
        var schedule = new CampaignSchedule([own], fallback, Backoff.Default);
        Assert.Equal(own.OrElse(fallback), schedule.ForDomain("cpu"));
        Assert.Equal(DomainSchedule.Unset("memory").OrElse(fallback), schedule.ForDomain("memory"));
    }
}
