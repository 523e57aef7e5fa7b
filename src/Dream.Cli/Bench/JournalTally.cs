using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Runs;
using Dream.Core.Packs;

namespace Dream.Cli.Bench;

/// <summary>
/// What a finished run's domain journal holds, read back through the read journal: the trials recorded (and whether
/// any trial id is there twice), how many journal writes carried them, and when the last one was recorded. The bench
/// counts what the journal has, not what the actors say they did.
/// </summary>
public sealed record JournalTally(
    long Events, long TrialWrites, long Trials, long BaselineTrials, long DuplicateTrialIds, long FailedTrials,
    int CandidatesMeasured, int CandidatesReused, JournalTally.PhaseTimes Phases, IReadOnlyDictionary<string, long> TrialsByNode,
    string? Outcome)
{
    /// <summary>
    /// When the domain's coordinator wrote the events that bound its phases: Started, BaselinesFixed, the first
    /// GenerationProposed, the last GenerationCompleted, the last TrialsRecorded and Finished. Null where the journal
    /// has no such event.
    /// </summary>
    public sealed record PhaseTimes(
        DateTimeOffset? Started, DateTimeOffset? BaselinesFixed, DateTimeOffset? FirstProposed, DateTimeOffset? LastCompleted,
        DateTimeOffset? LastRecorded, DateTimeOffset? Finished);

    public static JournalTally Read(ActorSystem system, string runId, string domain)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var all = journal.CurrentEventsByPersistenceId(DomainCoordinator.PersistenceIdOf(runId, domain), 0L, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        return Of(all.Select(e => ((DomainEvent)e.Event, EventTimes.Of(e))));
    }

    /// <summary>The tally of a domain journal's events in order, each with the time its writer stamped on it.</summary>
    public static JournalTally Of(IEnumerable<(DomainEvent Event, DateTimeOffset? Written)> events)
    {
        long count = 0, writes = 0, trials = 0, baseline = 0, failed = 0, duplicates = 0;
        int measured = 0, reused = 0;
        DateTimeOffset? started = null, baselined = null, firstProposed = null, lastCompleted = null, lastRecorded = null, finished = null;
        string? outcome = null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var byNode = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (e, written) in events)
        {
            count++;
            var at = written ?? Timestamps.ParseUtc(e.AtUtc);
            switch (e)
            {
                case DomainEvent.TrialsRecorded t:
                    writes++;
                    foreach (var r in t.Results)
                    {
                        if (!ids.Add(r.TrialId)) duplicates++;
                        trials++;
                        byNode[r.Node] = byNode.GetValueOrDefault(r.Node) + 1;
                        if (r.TrialId.Contains("/baseline/", StringComparison.Ordinal)) baseline++;
                        if (!r.Succeeded()) failed++;
                    }
                    lastRecorded = at;
                    break;
                case DomainEvent.CandidateAssessed a:
                    if (a.ReusedFrom == null) measured++;
                    else reused++;
                    break;
                case DomainEvent.Started:
                    started = at;
                    break;
                case DomainEvent.BaselinesFixed:
                    baselined = at;
                    break;
                case DomainEvent.GenerationProposed:
                    firstProposed ??= at;
                    break;
                case DomainEvent.GenerationCompleted:
                    lastCompleted = at;
                    break;
                case DomainEvent.Finished f:
                    finished = at;
                    outcome = f.Outcome;
                    break;
            }
        }
        return new JournalTally(count, writes, trials, baseline, duplicates, failed, measured, reused,
            new PhaseTimes(started, baselined, firstProposed, lastCompleted, lastRecorded, finished), byNode, outcome);
    }

    /// <summary>
    /// The trials the run had to record: every regime × trial of the stock configuration (when the baseline was
    /// measured here) and of every candidate that was measured rather than reused.
    /// </summary>
    public long Planned(int regimes, int trialsPerRegime) =>
        (long)regimes * trialsPerRegime * (CandidatesMeasured + (BaselineTrials > 0 ? 1 : 0));
}

/// <summary>When the journal plugin wrote an event, from the envelope the read journal gives.</summary>
public static class EventTimes
{
    /// <summary>
    /// The envelope's timestamp, which Akka.Persistence.Sql stamps on each row as it writes it, or null when it has
    /// none. The events' own AtUtc is to the second only, too coarse for runs of a few seconds.
    /// </summary>
    public static DateTimeOffset? Of(EventEnvelope e) => FromStamp(e.Timestamp);

    /// <summary>A row timestamp as an instant: DateTime ticks (UTC); null for 0.</summary>
    public static DateTimeOffset? FromStamp(long stamp) =>
        stamp > 0 && stamp <= DateTime.MaxValue.Ticks ? new DateTimeOffset(stamp, TimeSpan.Zero) : null;
}
