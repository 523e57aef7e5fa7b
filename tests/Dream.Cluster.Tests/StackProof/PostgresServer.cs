using Npgsql;

namespace Dream.Cluster.Tests.StackProof;

/// <summary>
/// The PostgreSQL server the tests may use: 127.0.0.1:5432 as postgres, as the Java end-to-end tests
/// (DREAM_E2E_PG_HOST, _PORT, _USER and _PASSWORD override it). Each test gets a database of its own,
/// dropped again when the test is done.
/// </summary>
public sealed class PostgresServer
{
    public static string Host => Environment.GetEnvironmentVariable("DREAM_E2E_PG_HOST") ?? "127.0.0.1";
    public static string Port => Environment.GetEnvironmentVariable("DREAM_E2E_PG_PORT") ?? "5432";
    public static string User => Environment.GetEnvironmentVariable("DREAM_E2E_PG_USER") ?? "postgres";
    public static string? Password => Environment.GetEnvironmentVariable("DREAM_E2E_PG_PASSWORD");

    public static string ConnectionString(string database)
    {
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = Host, Port = int.Parse(Port), Username = User, Database = database, Timeout = 5,
            // No pooling: a dropped database must not be held open by an idle pooled connection.
            Pooling = false,
        };
        if (!string.IsNullOrEmpty(Password)) b.Password = Password;
        return b.ConnectionString;
    }

    /// <summary>Why no database can be made here, or null when the server answers.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var c = new NpgsqlConnection(ConnectionString("postgres"));
            c.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"no PostgreSQL reachable at {Host}:{Port} as {User} ({e.Message}); skipping the PostgreSQL test";
        }
    }

    /// <summary>A fresh database; returns its name.</summary>
    public static string CreateDatabase(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        using var c = new NpgsqlConnection(ConnectionString("postgres"));
        c.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        cmd.ExecuteNonQuery();
        return name;
    }

    public static void DropDatabase(string name)
    {
        try
        {
            using var c = new NpgsqlConnection(ConnectionString("postgres"));
            c.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // left behind on a server that went away; nothing else to do
        }
    }
}
