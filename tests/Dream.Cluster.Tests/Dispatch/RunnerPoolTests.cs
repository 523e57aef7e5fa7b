using Dream.Cluster.Dispatch;

namespace Dream.Cluster.Tests.Dispatch;

/// <summary>The dispatcher's runner bookkeeping, without actors.</summary>
public sealed class RunnerPoolTests
{
    private static TrialRunner.Description Described(string nodeClass, int slots, int inFlight = 0, bool leaving = false) =>
        new("n", nodeClass, slots, Enumerable.Range(0, inFlight).ToDictionary(i => "t" + i, i => (long)i), leaving);

    [Fact]
    public void OnlyDescribedRunnersOfTheClassWithAFreeSlotAreFreeTheLeastBusyFirst()
    {
        var pool = new RunnerPool<string>(1);
        pool.Add("a");
        pool.Add("b");
        Assert.False(pool.AnyFree());
        pool.Describe("a", Described("x", 2));
        pool.Describe("b", Described("y", 2));
        Assert.Equal("a", pool.FreeRunner(null));
        Assert.Equal("b", pool.FreeRunner("y"));
        Assert.Null(pool.FreeRunner("z"));
        pool.Occupy("a");
        pool.Describe("b", Described("x", 2));
        Assert.Equal("b", pool.FreeRunner("x"));
        pool.Occupy("a");
        pool.Occupy("b");
        pool.Occupy("b");
        Assert.False(pool.AnyFree());
        pool.Release("a", answered: true);
        Assert.Equal("a", pool.FreeRunner(null));
    }

    [Fact]
    public void TheConfiguredSlotsApplyWhenADescriptionNamesNone()
    {
        var pool = new RunnerPool<string>(2);
        pool.Add("a");
        pool.Describe("a", Described("x", 0));
        pool.Occupy("a");
        Assert.True(pool.AnyFree());
        pool.Occupy("a");
        Assert.False(pool.AnyFree());
    }

    [Fact]
    public void ARefusingRunnerIsSkippedUntilASlotIsSeenFree()
    {
        var pool = new RunnerPool<string>(1);
        pool.Add("a");
        pool.Describe("a", Described("x", 1));
        pool.MarkFull("a");
        Assert.False(pool.AnyFree()); // even with none of our leases on it
        pool.Describe("a", Described("x", 1, inFlight: 1));
        Assert.False(pool.AnyFree());
        pool.Describe("a", Described("x", 1, inFlight: 0));
        Assert.True(pool.AnyFree());
    }

    [Fact]
    public void ALeavingRunnerTakesNothingIsForgottenWhenDrainedAndNeverMarkedFullAgain()
    {
        var pool = new RunnerPool<string>(1);
        pool.Add("a");
        pool.Describe("a", Described("x", 1));
        pool.Occupy("a");
        Assert.True(pool.MarkLeaving("a"));
        Assert.False(pool.MarkLeaving("a"));
        Assert.False(pool.IsDrained("a"));
        pool.Release("a", answered: false);
        pool.MarkFull("a");
        Assert.False(pool.IsFull("a"));
        Assert.True(pool.IsDrained("a"));
        Assert.Equal(0, pool.Ready);
        Assert.False(pool.Add("a"));
        pool.Describe("a", Described("x", 1));
        Assert.False(pool.AnyFree());
    }

    [Fact]
    public void ARunnerThatSaysItIsLeavingIsLeaving()
    {
        var pool = new RunnerPool<string>(1);
        pool.Add("a");
        pool.Describe("a", Described("x", 1, leaving: true));
        Assert.True(pool.IsLeaving("a"));
        Assert.True(pool.IsDrained("a"));
    }
}
