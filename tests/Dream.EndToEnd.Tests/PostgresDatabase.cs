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
