using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Where the journal lives, from Dream's <c>dream.db.url</c>, and a check that its database answers before
/// the actor system starts, so that an unreachable database is exit status 3 with one line, not a plugin
/// retrying in the log. Akka.Persistence.Sql creates its own tables (auto-initialize), on SQLite and
/// PostgreSQL alike, so neither needs a manual step.
/// </summary>
public static class JournalSchema
{
    /// <summary>linq2db's provider names, as Akka.Persistence.Sql's <c>provider-name</c> takes them.</summary>
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    /// <summary>A journal database: what the persistence plugins are given, and what messages may show.</summary>
    public sealed record Target(string ProviderName, string ConnectionString, bool Postgres, string Shown);

    /// <summary>
    /// <paramref name="url"/>: <c>sqlite:PATH</c>, <c>postgresql://USER[:PASSWORD]@HOST[:PORT]/DB</c> (the libpq
    /// URI, also <c>postgres://</c>) or <c>jdbc:postgresql://HOST[:PORT]/DB?user=U[&amp;password=P]</c>; a user or
    /// password in the URL wins over <paramref name="user"/> and <paramref name="password"/>.
    /// </summary>
    public static Target Resolve(string url, string? user, string? password)
    {
        if (url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = url["sqlite:".Length..];
            if (path.Length == 0) throw new InfrastructureException("the journal URL sqlite: names no file");
            var b = new SqliteConnectionStringBuilder { DataSource = path };
            return new Target(SqliteProvider, b.ConnectionString, false, url);
        }
        var pg = ParsePostgres(url) ?? throw new InfrastructureException(
            $"the journal URL {Redact(url)} is neither sqlite:PATH nor postgresql://USER@HOST:PORT/DB (nor jdbc:postgresql://HOST:PORT/DB?user=U)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = pg.Host, Port = pg.Port, Database = pg.Database,
            Username = pg.User ?? NonEmpty(user) ?? Environment.GetEnvironmentVariable("USER") ?? "postgres",
        };
        var pw = pg.Password ?? NonEmpty(password);
        if (pw != null) builder.Password = pw;
        return new Target(PostgresProvider, builder.ConnectionString, true, Redact(url));
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private sealed record PgUrl(string Host, int Port, string Database, string? User, string? Password);

    private static PgUrl? ParsePostgres(string url)
    {
        bool jdbc = url.StartsWith("jdbc:postgresql://", StringComparison.OrdinalIgnoreCase);
        bool libpq = url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);
        if (!jdbc && !libpq) return null;
        if (!Uri.TryCreate(jdbc ? url["jdbc:".Length..] : url, UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            if (kv[0] == "user") user = value;
            else if (kv[0] == "password") password = value;
        }
        var db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new PgUrl(uri.Host, uri.Port > 0 ? uri.Port : 5432, db.Length == 0 ? "postgres" : db, user, password);
    }

    /// <summary>Checks that the journal's database answers (and, for SQLite, that its file can be made).</summary>
    public static void Ensure(string url, string? user, string? password) => Ensure(Resolve(url, user, password));

    public static void Ensure(Target target)
    {
        try
        {
            if (target.Postgres)
            {
                var b = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Timeout = 15, Pooling = false };
                using var c = new NpgsqlConnection(b.ConnectionString);
                c.Open();
                using var cmd = new NpgsqlCommand("SELECT 1", c);
                cmd.ExecuteScalar();
            }
            else
            {
                var b = new SqliteConnectionStringBuilder(target.ConnectionString);
                var dir = Path.GetDirectoryName(Path.GetFullPath(b.DataSource));
                if (dir != null) Directory.CreateDirectory(dir);
                using var c = new SqliteConnection(target.ConnectionString);
                c.Open();
                // Write-ahead logging lets the journal, the snapshot store and the read side use the file at
                // once; it is a property of the file, so setting it once is enough. SQLite's default
                // synchronous mode (FULL) keeps a commit on disk before the plugin reports it persisted.
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=WAL;";
                cmd.ExecuteScalar();
            }
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or IOException or UnauthorizedAccessException
                                      or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new InfrastructureException($"journal database unavailable at {target.Shown}: {e.Message}", e);
        }
    }

    /// <summary><paramref name="url"/> with any password in it replaced by ***, for messages.</summary>
    public static string Redact(string url)
    {
        var s = Regex.Replace(url, "(?i)(password=)[^&;]*", "$1***");
        return Regex.Replace(s, "(?i)^((?:jdbc:)?postgres(?:ql)?://[^:/@]*:)[^@]*@", "$1***@");
    }
}
