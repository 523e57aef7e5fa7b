using System.Security.Cryptography;
using Dream.Cluster.Nodes;
using Npgsql;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// A fresh PostgreSQL database for one scenario, on the server of <c>--pg-url</c> (or the local one on
/// 127.0.0.1:5432 as postgres), dropped afterwards: each scenario starts from an empty journal, so that no run a
/// scenario left unfinished is brought back by the next cluster's remembered entities.
/// </summary>
public sealed class ScenarioDatabase : IDisposable
{
    private readonly string admin; // a connection to the server's "postgres" database
    private readonly string name;

    private ScenarioDatabase(string admin, string name, string url, string host, int port)
    {
        this.admin = admin;
        this.name = name;
        Url = url;
        Host = host;
        Port = port;
    }

    /// <summary>The journal URL, postgresql://USER[:PASSWORD]@HOST:PORT/DB.</summary>
    public string Url { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The server <paramref name="serverUrl"/> names (its database is not used), or the local one when null.</summary>
    /// <exception cref="BenchDatabase.Unreachable">the server does not answer, or refuses</exception>
    public static ScenarioDatabase Create(string? serverUrl)
    {
        var password = Environment.GetEnvironmentVariable(BenchDatabase.PasswordEnv);
        NpgsqlConnectionStringBuilder b;
        try
        {
            b = new NpgsqlConnectionStringBuilder(JournalSchema.Resolve(
                serverUrl ?? $"postgresql://{BenchDatabase.LocalUser}@{BenchDatabase.LocalHost}:{BenchDatabase.LocalPort}/postgres",
                BenchDatabase.LocalUser, password).ConnectionString);
        }
        catch (InfrastructureException e)
        {
            throw new BenchDatabase.Unreachable(e.Message, e);
        }
        var host = b.Host ?? BenchDatabase.LocalHost;
        var user = b.Username ?? BenchDatabase.LocalUser;
        var pw = b.Password;
        b.Database = "postgres";
        b.Timeout = 5;
        b.CommandTimeout = 30;
        b.Pooling = false;
        var name = "dream_recovery_" + new string(Enumerable.Range(0, 8).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))).ToArray());
        try
        {
            Execute(b.ConnectionString, "CREATE DATABASE " + name);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            throw new BenchDatabase.Unreachable(e.Message, e);
        }
        var userInfo = Uri.EscapeDataString(user) + (string.IsNullOrEmpty(pw) ? "" : ":" + Uri.EscapeDataString(pw));
        return new ScenarioDatabase(b.ConnectionString, name, $"postgresql://{userInfo}@{host}:{b.Port}/{name}", host, b.Port);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The journal of this database.</summary>
    public RecoveryJournal Journal() => new(Url, BenchDatabase.LocalUser, Environment.GetEnvironmentVariable(BenchDatabase.PasswordEnv));

    public void Dispose()
    {
        try
        {
            // FORCE: a killed dream's connections may not have been noticed as closed yet
            Execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            System.Console.Error.WriteLine("dream bench recovery: could not drop the scenario database " + name + ": " + e.Message);
        }
    }
}
