using Akka.Actor;
using Dream.Cluster.Nodes;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;
using Dream.Cluster.Tests.Runs;

namespace Dream.Cluster.Tests.Reports;

/// <summary>A real node on its SQLite journal: runs with files under runs/ that the journal has no record of.</summary>
public sealed class LostRunsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-lostruns-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task RunsWithAManifestThatTheJournalDoesNotKnowAreLost()
    {
        var settings = NodeSettings.Of(_data, "class-a") with
        {
            Roles = new HashSet<string> { DreamNode.Coordinator },
            Overrides = new Dictionary<string, object> { ["dream.management.enabled"] = false },
        };
        await using var node = await DreamNode.StartAsync(settings);
        var recorded = Fixtures.Run("2026-01-02T00-00-00_rknown", "class-a", 1, 2, 1);
        var created = await node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(recorded), TimeSpan.FromSeconds(30));
        Assert.Equal(recorded, created.Value);
        Manifest("2026-01-02T00-00-00_rknown");
        Manifest("2026-01-03T00-00-00_rlost02");
        Manifest("2026-01-01T00-00-00_rlost01");
        // a run directory without a manifest: its run had not started a domain yet, nothing to say about it
        Directory.CreateDirectory(Path.Combine(_data, "runs", "2026-01-04T00-00-00_rnomani"));

        Assert.Equal(["2026-01-01T00-00-00_rlost01", "2026-01-03T00-00-00_rlost02"], await LostRuns.Find(node.System, _data));
    }

    [Fact]
    public void ADataDirectoryWithoutRunsHasNoneLost() => Assert.Empty(LostRuns.OnDisk(_data));

    private void Manifest(string runId)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_data, "runs", runId)).FullName;
        File.WriteAllText(Path.Combine(dir, "manifest.json"), "{\"run_id\": \"" + runId + "\"}\n");
    }
}
