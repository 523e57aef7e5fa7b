using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Dream.Cluster.Runs;

namespace Dream.Cluster.Reports;

/// <summary>
/// Runs whose files are in the data directory's <c>runs/</c> but that the journal does not know. A run's
/// <c>manifest.json</c> is written from its journal once its first domain has started, after the run itself was
/// recorded; so a journal without the record of such a run has lost it: its database file was replaced or
/// restored from an older backup, or DREAM_DB_URL names another database than the one that recorded the run.
/// </summary>
public static class LostRuns
{
    private const int LookupsAtOnce = 4;

    /// <summary>Whether run <paramref name="runId"/> has files under <paramref name="dataDir"/>: its directory with a manifest.</summary>
    public static bool HasManifest(string dataDir, string runId) => File.Exists(Path.Combine(dataDir, "runs", runId, "manifest.json"));

    /// <summary>The runs under <paramref name="dataDir"/>/runs that have a manifest, in name (start time) order.</summary>
    public static IReadOnlyList<string> OnDisk(string dataDir)
    {
        var runs = Path.Combine(dataDir, "runs");
        if (!Directory.Exists(runs)) return [];
        return Directory.EnumerateDirectories(runs).Select(Path.GetFileName).OfType<string>()
            .Where(id => HasManifest(dataDir, id)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Those of <see cref="OnDisk"/> that the journal has no record of, in the same order.</summary>
    public static async Task<IReadOnlyList<string>> Find(ActorSystem system, string dataDir)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        // One indexed look-up per run (its first event), not a scan of every persistence id of the journal.
        var lost = await Source.From(OnDisk(dataDir))
            .SelectAsync(LookupsAtOnce, async runId =>
            {
                var first = await journal.CurrentEventsByPersistenceId(RunRegistry.PersistenceIdOf(runId), 0L, long.MaxValue)
                    .Take(1)
                    .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
                return (RunId: runId, Lost: first.Count == 0);
            })
            .Where(r => r.Lost)
            .Select(r => r.RunId)
            .RunWith(Sink.Seq<string>(), system.Materializer());
        return lost.ToList();
    }
}
