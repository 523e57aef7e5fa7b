using Akka;
using Akka.Actor;
using Akka.Event;

namespace Dream.Cluster.Runs;

/// <summary>
/// Before a generation's completion is journaled: gives the evidence cache the trials the generation measured, and
/// tells the coordinator when the cache has them in its journal (or could not take them: the cache is then poorer,
/// the run is not held up). A resumed coordinator gives them again; the cache skips what it has.
/// </summary>
public sealed class EvidenceWrite : ReceiveActor
{
    /// <summary>To the coordinator: the cache has the generation's trials (or will not get them).</summary>
    public sealed record Written(int Generation);

    private sealed record Answer(Exception? Error);

    public static Props Props(string domain, string nodeClass, int generation, IReadOnlyList<EvidenceStore.Entry> entries, IActorRef store,
        TimeSpan keep, IActorRef coordinator) =>
        Started.By(() => new EvidenceWrite(domain, nodeClass, generation, entries, store, keep, coordinator));

    public EvidenceWrite(string domain, string nodeClass, int generation, IReadOnlyList<EvidenceStore.Entry> entries, IActorRef store,
        TimeSpan keep, IActorRef coordinator)
    {
        var log = Context.GetLogger();
        Receive<Answer>(a =>
        {
            if (a.Error != null) log.Warning("the trials of generation {0} of {1} are not in the evidence cache: {2}", generation, domain, a.Error.Message);
            coordinator.Tell(new Written(generation));
            Context.Stop(Self);
        });
        store.Ask<Done>(new EvidenceStore.Record(domain, nodeClass, entries, keep.TotalSeconds), EvidenceLookup.StoreTimeout)
            .PipeTo(Self, success: _ => new Answer(null), failure: e => new Answer(e));
    }
}
