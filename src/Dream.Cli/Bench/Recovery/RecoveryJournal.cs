using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Npgsql;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// A run's domain journal on PostgreSQL, read straight from the journal plugin's table (not through a cluster node,
/// which a scenario may just have killed): each event with the time its writer stamped on its row. What a scenario
/// checks (every trial id once, which node ran it, the first write after a fault) comes from here.
/// </summary>
public sealed class RecoveryJournal(string url, string? user, string? password)
{
    /// <summary>One row of a domain coordinator's journal.</summary>
    public sealed record Row(long SequenceNr, string Manifest, DateTimeOffset? Written, DomainEvent? Event);

    /// <summary>One recorded trial result: its id, the node that ran it, and when the coordinator wrote it.</summary>
    public sealed record RecordedTrial(string TrialId, string Node, DateTimeOffset? Written);

    private string ConnectionString()
    {
        var b = new NpgsqlConnectionStringBuilder(JournalSchema.Resolve(url, user, password).ConnectionString)
            { Timeout = 5, CommandTimeout = 30, Pooling = false };
        return b.ConnectionString;
    }

    /// <summary>The rows of <paramref name="persistenceId"/> in order; empty when nothing is written yet (no table yet).</summary>
    /// <exception cref="NpgsqlException">the server does not answer</exception>
    public IReadOnlyList<Row> Rows(string persistenceId)
    {
        using var c = new NpgsqlConnection(ConnectionString());
        c.Open();
        // Akka.Persistence.Sql's default table mapping: "journal", the payload in "message", the write time in "created" (DateTime ticks, UTC).
        using var cmd = new NpgsqlCommand("SELECT sequence_number, manifest, message, created FROM journal WHERE persistence_id = @id "
            + "ORDER BY sequence_number", c);
        cmd.Parameters.AddWithValue("id", persistenceId);
        var rows = new List<Row>();
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var manifest = r.IsDBNull(1) ? "" : r.GetString(1);
                var bytes = r.IsDBNull(2) ? [] : (byte[])r.GetValue(2);
                var created = r.IsDBNull(3) ? 0 : Convert.ToInt64(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
                rows.Add(new Row(r.GetInt64(0), manifest, EventTimes.FromStamp(created), Decode(manifest, bytes)));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // the plugin creates its tables on first use
        }
        return rows;
    }

    /// <summary>The domain event of a row of Dream's journal serializer, or null for another manifest.</summary>
    public static DomainEvent? Decode(string manifest, byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        return manifest switch
        {
            JournalSerializer.Manifests.DomainStarted => JournalJson.ReadStarted(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.BaselinesFixed => JournalJson.ReadBaselinesFixed(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.GenerationProposed => JournalJson.ReadGenerationProposed(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.TrialsRecorded => JournalJson.ReadTrialsRecorded(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.CandidateAssessed => JournalJson.ReadCandidateAssessed(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.GenerationCompleted => JournalJson.ReadGenerationCompleted(JournalJson.Parse(bytes)),
            JournalSerializer.Manifests.DomainFinished => JournalJson.ReadFinished(JournalJson.Parse(bytes)),
            _ => null,
        };
    }

    /// <summary>The tally <c>dream bench</c> counts by, of the events in <paramref name="rows"/>.</summary>
    public static JournalTally Tally(IReadOnlyList<Row> rows) =>
        JournalTally.Of(rows.Where(r => r.Event != null).Select(r => (r.Event!, r.Written)));

    /// <summary>Every trial result recorded, in journal order (a trial id twice is a duplicate).</summary>
    public static IReadOnlyList<RecordedTrial> Trials(IReadOnlyList<Row> rows) =>
        rows.Where(r => r.Event is DomainEvent.TrialsRecorded)
            .SelectMany(r => ((DomainEvent.TrialsRecorded)r.Event!).Results.Select(t => new RecordedTrial(t.TrialId, t.Node, r.Written)))
            .ToList();

    /// <summary>The first row written after <paramref name="instant"/>, or null.</summary>
    public static Row? FirstAfter(IReadOnlyList<Row> rows, DateTimeOffset instant) =>
        rows.Where(r => r.Written > instant).OrderBy(r => r.Written).FirstOrDefault();

    /// <summary>
    /// Polls until a row of <paramref name="persistenceId"/> is written after <paramref name="instant"/>, for at most
    /// <paramref name="timeout"/>; the database being unreachable meanwhile counts as nothing written yet.
    /// </summary>
    public Row? AwaitWriteAfter(string persistenceId, DateTimeOffset instant, TimeSpan timeout, Func<bool>? giveUp = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (FirstAfter(Rows(persistenceId), instant) is { } row) return row;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
            {
                // not back yet
            }
            if (giveUp?.Invoke() == true) return null;
            Thread.Sleep(50);
        }
        return null;
    }
}
