using Akka.Actor;
using Akka.Event;

namespace Dream.Cluster.Runs;

/// <summary>
/// Between the proposal of a generation and its journaling: asks the evidence cache for every trial the generation
/// would measure, as of the proposal's time, and hands the coordinator the proposal's events with the reuse event
/// after them, to be journaled together; so the generation is never measuring before its reuse is decided, and a
/// crash before that write leaves nothing to undo. A cache that does not answer costs only the reuse.
/// </summary>
public sealed class EvidenceLookup : ReceiveActor
{
    /// <summary>To the coordinator: journal these events (the proposal, then the reuse if the cache answered).</summary>
    public sealed record Looked(int Generation, IReadOnlyList<DomainEvent> Events);

    private sealed record Answer(EvidenceStore.Found? Found, Exception? Error);

    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(30);

    public static Props Props(RunSpec run, string domain, IReadOnlyList<DomainEvent> proposal, IActorRef store, TimeSpan maxAge,
        IActorRef coordinator) =>
        Started.By(() => new EvidenceLookup(run, domain, proposal, store, maxAge, coordinator));

    public EvidenceLookup(RunSpec run, string domain, IReadOnlyList<DomainEvent> proposal, IActorRef store, TimeSpan maxAge,
        IActorRef coordinator)
    {
        var log = Context.GetLogger();
        var proposed = proposal.OfType<DomainEvent.GenerationProposed>().Single();
        var assessed = proposal.OfType<DomainEvent.CandidateAssessed>().Select(a => a.CandId).ToHashSet();
        var planned = EvidenceCache.Plan(run, domain, proposed, assessed);
        Receive<Answer>(a =>
        {
            var events = new List<DomainEvent>(proposal);
            if (a.Found is { } found)
            {
                if (planned.Count > 0) events.Add(EvidenceCache.Reused(proposed.Generation, planned, found.Hits, proposed.AtUtc));
            }
            else log.Warning("evidence cache of {0} did not answer ({1}): generation {2} measures all its trials", domain,
                a.Error?.Message, proposed.Generation);
            coordinator.Tell(new Looked(proposed.Generation, events));
            Context.Stop(Self);
        });
        if (planned.Count == 0)
        {
            Self.Tell(new Answer(new EvidenceStore.Found(new Dictionary<string, EvidenceStore.Entry>()), null));
            return;
        }
        var keys = planned.Select(p => p.Key).Distinct().ToList();
        store.Ask<EvidenceStore.Found>(new EvidenceStore.Lookup(domain, run.NodeClass, keys, proposed.AtUtc, maxAge.TotalSeconds), StoreTimeout)
            .PipeTo(Self, success: f => new Answer(f, null), failure: e => new Answer(null, e));
    }
}
