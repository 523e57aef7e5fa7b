using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

/// <summary>When a run's command gives up on a journal that cannot be written, and when it waits.</summary>
public sealed class JournalWatchTests
{
    private const string Run = "2026-12-06T22-40-34_rwdv800";

    private static string Failure(string run) =>
        "Failed to persist event type [Dream.Cluster.Runs.DomainEvent+TrialsRecorded] with sequence number [9] for persistenceId [DomainCoordinator|"
        + run + "~bench].";

    [Fact]
    public void OnlyFailedWritesOfThisRunsDomainJournalsCount()
    {
        var c = new JournalWatch.Counter(Run);
        Assert.True(c.IsFailedWrite(Failure(Run)));
        Assert.False(c.IsFailedWrite(Failure("2026-12-06T22-40-34_other")));
        Assert.False(c.IsFailedWrite("Persistence failure when replaying events for persistenceId [DomainCoordinator|" + Run + "~bench]."));
        Assert.False(c.IsFailedWrite("Failed to persist event type [X] for persistenceId [/system/sharding/RunCoordinator/singleton/coordinator]."));
    }

    [Fact]
    public void ThreeFailedWritesWithNoTrialRecordedInBetweenEndTheCommand()
    {
        var c = new JournalWatch.Counter(Run);
        Assert.Null(c.Observe(5));
        c.Failed("SQLite Error 13: 'database or disk is full'.");
        c.Failed("SQLite Error 13: 'database or disk is full'.");
        Assert.Null(c.Observe(5));
        c.Failed("SQLite Error 13: 'database or disk is full'.");
        var why = c.Observe(5);
        Assert.NotNull(why);
        Assert.Contains("database or disk is full", why);
        Assert.Contains("dream run --resume " + Run, why);
    }

    [Fact]
    public void ATrialRecordedInBetweenStartsTheCountAgain()
    {
        var c = new JournalWatch.Counter(Run);
        Assert.Null(c.Observe(5));
        c.Failed("connection refused");
        c.Failed("connection refused");
        Assert.Null(c.Observe(6)); // the database came back: a trial was recorded
        c.Failed("connection refused");
        c.Failed("connection refused");
        Assert.Null(c.Observe(6));
        c.Failed("connection refused");
        Assert.NotNull(c.Observe(6));
    }
}
