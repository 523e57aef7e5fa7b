using Dream.Trials.Processes;

namespace Dream.Trials.Tests.Processes;

public class ProcessIdentityTests
{
    private const string Cat = "2197 (cat) R 2194 2194 23419 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 172015 3133440 382 "
        + "18446744073709551615 94112379961344 94112379981225 140736081607712 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    [Fact]
    public void TheStartTimeIsField22CountedFromTheLastParenthesisOfTheName()
    {
        Assert.Equal(172015L, ProcessIdentity.ParseStartTicks(Cat));
        // A command name may hold spaces and parentheses: "(a) b) S" would shift every field counted by spaces.
        Assert.Equal(172015L, ProcessIdentity.ParseStartTicks(Cat.Replace("(cat)", "(a) b (c))")));
    }

    [Fact]
    public void AZombieOrAGarbledLineHasNoStartTime()
    {
        Assert.Null(ProcessIdentity.ParseStartTicks(Cat.Replace(") R ", ") Z ")));
        Assert.Null(ProcessIdentity.ParseStartTicks("2197 (cat) R 2194"));
        Assert.Null(ProcessIdentity.ParseStartTicks("garbage"));
    }

    [Fact]
    public void AProcessIsItselfOnlyWithItsOwnStartTimeAndBoot()
    {
        if (!OperatingSystem.IsLinux()) return; // needs /proc
        var me = ProcessIdentity.Of(Environment.ProcessId);
        Assert.NotNull(me);
        Assert.True(me.Running());
        Assert.False((me with { StartTicks = me.StartTicks + 1 }).Running());
        Assert.False((me with { BootId = "another-boot" }).Running());
    }
}
