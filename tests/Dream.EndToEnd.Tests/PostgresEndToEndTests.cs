using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// The sim end-to-end runs with the journal on PostgreSQL (<c>DREAM_DB_URL</c>), each in a database of its own,
/// created here and dropped afterwards. Skipped, saying so, when no PostgreSQL answers on 127.0.0.1:5432 as user
/// postgres (override with DREAM_E2E_PG_HOST, _PORT, _USER and _PASSWORD).
/// </summary>
public sealed class PostgresEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _work = new();
    private PostgresDatabase? _db;

    public void Dispose()
    {
        _db?.Dispose();
        _work.Dispose();
    }

    private PostgresDatabase? Database()
    {
        if (!E2e.PostgresOrSkip(output)) return null;
        return _db = PostgresDatabase.Create("dream_e2e_");
    }

    [Fact]
    public void FindsTheKnownOptimumAndWritesValidFiles()
    {
        if (Database() is not { } db) return;
        SimRunEndToEndTests.FindTheKnownOptimumAndValidFiles(_work.Path, db.Env());
        AssertJournalIsOnPostgres(db, _work.Resolve("data"));
    }

    [Fact]
    public void ARunKilledMidGenerationResumesToTheSameResultsAsOnSqlite()
    {
        if (Database() is not { } db) return;
        SimRunEndToEndTests.KillMidGenerationAndResume(_work.Path, db.Env());
        AssertJournalIsOnPostgres(db, _work.Resolve("crashed"));
    }

    /// <summary>The events are in this test's database, and no SQLite file was made under --data.</summary>
    private static void AssertJournalIsOnPostgres(PostgresDatabase db, string data)
    {
        var events = db.Scalar<long>("SELECT count(*) FROM journal WHERE persistence_id LIKE 'DomainCoordinator|%'");
        Assert.True(events > 0, "no DomainCoordinator event in " + db.Name);
        var journal = Path.Combine(data, "journal");
        if (Directory.Exists(journal)) Assert.True(Directory.GetFileSystemEntries(journal).Length == 0,
            "a SQLite journal was made under --data: " + string.Join(", ", Directory.GetFileSystemEntries(journal)));
    }
}
