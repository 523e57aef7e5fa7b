using Npgsql;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// A PostgreSQL database of its own for one test, on 127.0.0.1:5432 as postgres unless DREAM_E2E_PG_HOST, _PORT,
/// _USER and _PASSWORD say otherwise, dropped on <see cref="Dispose"/>; also the journal queries the cluster tests
/// measure with.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    public static string Host => Environment.GetEnvironmentVariable("DREAM_E2E_PG_HOST") ?? "127.0.0.1";
    public static string Port => Environment.GetEnvironmentVariable("DREAM_E2E_PG_PORT") ?? "5432";
    public static string User => Environment.GetEnvironmentVariable("DREAM_E2E_PG_USER") ?? "postgres";
    public static string? Password => Environment.GetEnvironmentVariable("DREAM_E2E_PG_PASSWORD");

    public string Name { get; }

    private PostgresDatabase(string name) => Name = name;

    private static NpgsqlConnection Open(string database)
    {
        var b = new NpgsqlConnectionStringBuilder { Host = Host, Port = int.Parse(Port), Username = User, Database = database, Timeout = 5, Pooling = false };
        if (!string.IsNullOrEmpty(Password)) b.Password = Password;
        var c = new NpgsqlConnection(b.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Why no database can be made here, or null when the server answers.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var c = Open("postgres");
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"no PostgreSQL reachable at {Host}:{Port} as {User} ({e.Message}); skipping the tests that need the shared journal";
        }
    }

    public static PostgresDatabase Create(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        using var c = Open("postgres");
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        cmd.ExecuteNonQuery();
        return new PostgresDatabase(name);
    }

    /// <summary>The journal's URL as DREAM_DB_URL takes it.</summary>
    public string Url() =>
        $"postgresql://{Uri.EscapeDataString(User)}{(string.IsNullOrEmpty(Password) ? "" : ":" + Uri.EscapeDataString(Password))}@{Host}:{Port}/{Name}";

    /// <summary>The environment that puts a dream process's journal here.</summary>
    public IReadOnlyDictionary<string, string> Env() => new Dictionary<string, string> { ["DREAM_DB_URL"] = Url() };

    public T Scalar<T>(string sql, params (string Name, object Value)[] args)
    {
        using var c = Open(Name);
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        var r = cmd.ExecuteScalar();
        return r is null or DBNull ? default! : (T)Convert.ChangeType(r, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The persistence id of a run's domain coordinator (Dream.Cluster.Runs.DomainCoordinator.PersistenceIdOf).</summary>
    public static string CoordinatorId(string runId, string domain) => "DomainCoordinator|" + runId + "~" + domain;

    // Akka.Persistence.Sql's default table mapping: table "journal" with persistence_id, sequence_number, created
    // (the write time), manifest (the serializer's manifest: JournalSerializer's "domain-finished.v1" and so on).
    private const string Created = "created";

    /// <summary>
    /// Milliseconds since the epoch of a journal row's <c>created</c> value: Akka.NET writes DateTime ticks (UTC); a
    /// value too small to be ticks is taken as milliseconds already.
    /// </summary>
    public static long EpochMillis(long created) =>
        created > 100_000_000_000_000L ? (created - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond : created;

    /// <summary>
    /// The write time (ms since the epoch, the writer's clock) of the first event of <paramref name="persistenceId"/>
    /// written after <paramref name="afterMs"/>, or -1 when there is none yet.
    /// </summary>
    public long FirstEventAfter(string persistenceId, long afterMs)
    {
        foreach (var c in Times(persistenceId).Select(EpochMillis).Order())
            if (c > afterMs) return c;
        return -1;
    }

    /// <summary>First and last write time of the events of <paramref name="persistenceId"/>: for a domain coordinator, Started to Finished.</summary>
    public (long First, long Last) EventSpan(string persistenceId)
    {
        var t = Times(persistenceId).Select(EpochMillis).ToList();
        return t.Count == 0 ? (-1, -1) : (t.Min(), t.Max());
    }

    /// <summary>Write time of the first event of <paramref name="persistenceId"/> with journal manifest <paramref name="manifest"/>, or -1.</summary>
    public long FirstEventOf(string persistenceId, string manifest)
    {
        var t = Times(persistenceId, manifest).Select(EpochMillis).ToList();
        return t.Count == 0 ? -1 : t.Min();
    }

    private List<long> Times(string persistenceId, string? manifest = null)
    {
        using var c = Open(Name);
        using var cmd = new NpgsqlCommand($"SELECT {Created} FROM journal WHERE persistence_id = @id" + (manifest is null ? "" : " AND manifest = @m"), c);
        cmd.Parameters.AddWithValue("id", persistenceId);
        if (manifest is not null) cmd.Parameters.AddWithValue("m", manifest);
        var times = new List<long>();
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) times.Add(Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // nothing written yet: the plugin creates its tables on first use
        }
        return times;
    }

    public void Dispose()
    {
        try
        {
            using var c = Open("postgres");
            // FORCE: a killed dream's connections may not have been noticed as closed yet
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", c);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // the server went away; nothing else to do
        }
    }
}
