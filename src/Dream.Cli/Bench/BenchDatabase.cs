using System.Security.Cryptography;
using Dream.Cluster.Nodes;
using Npgsql;

namespace Dream.Cli.Bench;

/// <summary>
/// The PostgreSQL database a measurement journals into: the one named by <c>--pg-url</c>, or a fresh database on the
/// local server that this class creates and drops again, so that every measurement starts from an empty journal and
/// leaves nothing behind.
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    public const string LocalHost = "127.0.0.1";
    public const int LocalPort = 5432;
    public const string LocalUser = "postgres";

    /// <summary>The local server's password, as every PostgreSQL journal's: $DREAM_DB_PASSWORD.</summary>
    public const string PasswordEnv = "DREAM_DB_PASSWORD";

    /// <summary>The database cannot be reached (or created): the measurement is skipped, or the bench ends with exit 3.</summary>
    public sealed class Unreachable(string message, Exception cause) : Exception(message, cause);

    private readonly string? dropName; // null: the user's database, kept

    private BenchDatabase(string url, string user, string? dropName)
    {
        Url = url;
        User = user;
        this.dropName = dropName;
    }

    /// <summary>The journal URL, <c>postgresql://USER[:PASSWORD]@HOST:PORT/DB</c> (or the jdbc form the user gave).</summary>
    public string Url { get; }

    public string User { get; }

    /// <summary>The user's database when <paramref name="givenUrl"/> is not null, else a fresh one on the local server.</summary>
    /// <exception cref="Unreachable">the server does not answer, or refuses</exception>
    public static BenchDatabase Open(string? givenUrl) => givenUrl != null ? Given(givenUrl) : Fresh();

    /// <summary>Where <see cref="Open"/> connects, for messages (no password).</summary>
    public static string Where(string? givenUrl) =>
        givenUrl != null ? JournalSchema.Redact(givenUrl) : $"postgresql://{LocalUser}@{LocalHost}:{LocalPort}/";

    /// <summary>The user's database as given (the journal plugin creates its tables if missing; nothing is dropped).</summary>
    private static BenchDatabase Given(string url)
    {
        var target = Resolve(url);
        Check(target.ConnectionString, "SELECT 1");
        return new BenchDatabase(url, new NpgsqlConnectionStringBuilder(target.ConnectionString).Username ?? LocalUser, null);
    }

    /// <summary>A fresh database <c>dream_bench_&lt;random&gt;</c> on the local server.</summary>
    private static BenchDatabase Fresh()
    {
        var name = "dream_bench_" + new string(Enumerable.Range(0, 8).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))).ToArray());
        Check(Local("postgres"), "CREATE DATABASE " + name);
        return new BenchDatabase($"postgresql://{LocalUser}@{LocalHost}:{LocalPort}/{name}", LocalUser, name);
    }

    private static JournalSchema.Target Resolve(string url)
    {
        JournalSchema.Target target;
        try
        {
            target = JournalSchema.Resolve(url, LocalUser, Environment.GetEnvironmentVariable(PasswordEnv));
        }
        catch (InfrastructureException e)
        {
            throw new Unreachable(e.Message, e);
        }
        if (!target.Postgres) throw new Unreachable(JournalSchema.Redact(url) + " is not a PostgreSQL URL (postgresql://USER@HOST:PORT/DB)",
            new ArgumentException(url));
        return target;
    }

    private static string Local(string database)
    {
        var b = new NpgsqlConnectionStringBuilder { Host = LocalHost, Port = LocalPort, Database = database, Username = LocalUser };
        var password = Environment.GetEnvironmentVariable(PasswordEnv);
        if (!string.IsNullOrEmpty(password)) b.Password = password;
        return b.ConnectionString;
    }

    private static void Check(string connectionString, string sql)
    {
        try
        {
            Execute(connectionString, sql);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException or ArgumentException)
        {
            throw new Unreachable(e.Message, e);
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, CommandTimeout = 30, Pooling = false };
        using var c = new NpgsqlConnection(b.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The HOCON settings that put a node's journal in this database (the password, if any, stays in $DREAM_DB_PASSWORD).</summary>
    public string Hocon() =>
        "dream.db.url = " + BenchSupport.Quote(Url) + "\n"
        + "dream.db.user = " + BenchSupport.Quote(User) + "\n";

    /// <summary>Drops the database this class created; the node using it must be stopped first.</summary>
    public void Dispose()
    {
        if (dropName == null) return;
        // The journal plugin's pooled connections to it would hold it open.
        NpgsqlConnection.ClearAllPools();
        try
        {
            Execute(Local("postgres"), "DROP DATABASE IF EXISTS " + dropName + " WITH (FORCE)");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            System.Console.Error.WriteLine("dream bench: could not drop the bench database " + dropName + ": " + e.Message);
        }
    }
}
