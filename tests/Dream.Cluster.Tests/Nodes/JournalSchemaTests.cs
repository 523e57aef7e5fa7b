using Dream.Cluster.Nodes;
using Dream.Cluster.Tests.StackProof;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Dream.Cluster.Tests.Nodes;

public sealed class JournalSchemaTests(ITestOutputHelper output)
{
    [Fact]
    public void UrlsInEachFormNameTheirDatabase()
    {
        var s = JournalSchema.Resolve("sqlite:/data/journal/dream.db", "", "");
        Assert.Equal((JournalSchema.SqliteProvider, false), (s.ProviderName, s.Postgres));
        Assert.Equal("/data/journal/dream.db", new SqliteConnectionStringBuilder(s.ConnectionString).DataSource);

        var libpq = new Npgsql.NpgsqlConnectionStringBuilder(JournalSchema.Resolve("postgresql://u:p%40ss@h:6000/db", "x", "y").ConnectionString);
        Assert.Equal(("h", 6000, "db", "u", "p@ss"), (libpq.Host, libpq.Port, libpq.Database, libpq.Username, libpq.Password));

        var jdbc = JournalSchema.Resolve("jdbc:postgresql://h/db?user=u", "ignored", "pw");
        var b = new Npgsql.NpgsqlConnectionStringBuilder(jdbc.ConnectionString);
        Assert.Equal(("h", 5432, "db", "u", "pw"), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.Equal(JournalSchema.PostgresProvider, jdbc.ProviderName);

        Assert.Throws<InfrastructureException>(() => JournalSchema.Resolve("jdbc:h2:file:/x", "", ""));
    }

    [Fact]
    public void PasswordsAreRedactedInMessages()
    {
        Assert.Equal("jdbc:postgresql://h/db?user=u&password=***", JournalSchema.Redact("jdbc:postgresql://h/db?user=u&password=secret"));
        Assert.Equal("jdbc:postgresql://h/db?PASSWORD=***&user=u", JournalSchema.Redact("jdbc:postgresql://h/db?PASSWORD=secret&user=u"));
        Assert.Equal("postgresql://u:***@h:5432/db", JournalSchema.Redact("postgresql://u:secret@h:5432/db"));
        Assert.Equal("postgresql://u@h:5432/db", JournalSchema.Redact("postgresql://u@h:5432/db"));
    }

    [Fact]
    public void ASqliteJournalIsCreatedWithWriteAheadLogging()
    {
        var dir = Directory.CreateTempSubdirectory("dream-journal-").FullName;
        try
        {
            var file = Path.Combine(dir, "journal", "dream.db");
            JournalSchema.Ensure("sqlite:" + file, "", "");
            using var c = new SqliteConnection($"Data Source={file}");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", cmd.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnUnreachablePostgresIsAnInfrastructureErrorWithoutThePassword()
    {
        int port = FreePorts.Next(); // nothing listens there
        var e = Assert.Throws<InfrastructureException>(() => JournalSchema.Ensure($"postgresql://u:secret@127.0.0.1:{port}/db", "", ""));
        Assert.Contains("journal database unavailable at postgresql://u:***@127.0.0.1:" + port, e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void AReachablePostgresAnswers()
    {
        if (PostgresServer.Unavailable() is { } why) { output.WriteLine(why); return; }
        var pw = PostgresServer.Password is { } p ? ":" + Uri.EscapeDataString(p) : "";
        JournalSchema.Ensure($"postgresql://{PostgresServer.User}{pw}@{PostgresServer.Host}:{PostgresServer.Port}/postgres", "", "");
    }
}
