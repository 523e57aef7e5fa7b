using Dream.Cluster.Dispatch;
using Dream.Cluster.Tests.Runs;

namespace Dream.Cluster.Tests.Dispatch;

/// <summary>The dispatcher's queue and leases, without actors.</summary>
public sealed class LeaseBookTests
{
    [Fact]
    public void ATrialIsQueuedOnceAndItsLatestRequesterGetsTheResult()
    {
        var book = new LeaseBook<string, string>();
        var a = Fixtures.Trial("gen0_c0", 0);
        Assert.True(book.Submit(a, null, "first"));
        Assert.False(book.Submit(a, null, "second"));
        Assert.Equal(1, book.Queued);
        var lease = Assert.Single(book.Dispatch(() => true, _ => (true, "r"), 0));
        Assert.False(book.Submit(a, null, "third"));
        Assert.Equal(0, book.Queued);
        Assert.Equal("third", book.Answer(lease.Id)!.Pending.ReplyTo);
        Assert.Null(book.Answer(lease.Id));
    }

    [Fact]
    public void AnExpiredLeaseRequeuesItsTrialFirstAndHoldsTheRunnersSlotUntilAnswered()
    {
        var book = new LeaseBook<string, string>();
        var a = Fixtures.Trial("gen0_c1", 0);
        var b = Fixtures.Trial("gen0_c1", 1);
        book.Submit(a, null, "q");
        var lease = Assert.Single(book.Dispatch(() => book.Leases.Count == 0, _ => (true, "r"), 0));
        book.Submit(b, null, "q");
        Assert.NotNull(book.Expire(lease.Id));
        Assert.Equal(a.TrialId, book.Queue.First().TrialId);
        Assert.Equal(1, book.Queue.First().Attempt);
        Assert.Equal(1, book.OnRunner("r"));
        Assert.Null(book.Answer(lease.Id));
        Assert.Equal((true, "r"), book.AnswerExpired(lease.Id));
        Assert.Equal(0, book.OnRunner("r"));
    }

    [Fact]
    public void ARunnersLostLeasesGoBackOldestFirstAndCancelDropsOnlyQueuedOnes()
    {
        var book = new LeaseBook<string, string>();
        for (int k = 0; k < 3; k++) book.Submit(Fixtures.Trial("gen0_c2", k), null, "q");
        int n = 0;
        var leases = book.Dispatch(() => n++ < 2, _ => (true, "r"), 0);
        Assert.Equal(2, leases.Count);
        Assert.Equal(2, book.DropRunner("r").Count);
        Assert.Equal(["r1/sim/gen0_c2/normal/0", "r1/sim/gen0_c2/normal/1", "r1/sim/gen0_c2/normal/2"], book.Queue.Select(p => p.TrialId));
        Assert.Equal(3, book.Cancel("r1/sim/gen0_c2/"));
        Assert.Equal(0, book.Queued);
    }

    [Fact]
    public void TrialsNoRunnerCanTakeWaitWhileLaterOnesAreLeased()
    {
        var book = new LeaseBook<string, string>();
        book.Submit(Fixtures.Trial("gen0_c3", 0), "other", "q");
        book.Submit(Fixtures.Trial("gen0_c3", 1), "mine", "q");
        var lease = Assert.Single(book.Dispatch(() => true, nc => nc == "mine" ? (true, "r") : (false, ""), 0));
        Assert.Equal("r1/sim/gen0_c3/normal/1", lease.Pending.TrialId);
        Assert.Equal(1, book.Queued);
    }
}
