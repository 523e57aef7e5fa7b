using System.Text.Json;
using Akka.Actor;
using Dream.Cluster.Nodes;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;
using Dream.Cluster.Tests.Runs;

namespace Dream.Cluster.Tests.Reports;

/// <summary>A small sim run on a real node: its files follow the journal live, and a replay writes the same files.</summary>
public sealed class RunProjectorTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-projector-").FullName;
    private readonly string _replayed = Directory.CreateTempSubdirectory("dream-replayed-").FullName;
    private static readonly TimeSpan T = TimeSpan.FromSeconds(30);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_replayed, recursive: true);
    }

    private static SortedDictionary<string, string> FilesOf(string runDir) =>
        new(Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(runDir, f).Replace('\\', '/'), File.ReadAllText), StringComparer.Ordinal);

    [Fact]
    public async Task TheRunsFilesFollowItsJournalAndAReplayWritesTheSameFiles()
    {
        await using var node = await DreamNode.StartAsync(NodeSettings.Of(_data, "class-p") with
        {
            Executor = new SimExecutor(),
            Overrides = new Dictionary<string, object> { ["dream.management.enabled"] = false },
        });
        var runId = "2025-01-01T00-00-00_rproj1";
        var run = Fixtures.Run(runId, "class-p", 2, 2, 1);
        Assert.True((await node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), T)).IsSuccess);
        var live = new RunFiles(_data, runId);
        var following = RunProjector.Follow(node.System, runId, run.Domains, live);
        Assert.True((await node.Region(DomainCoordinator.TypeName).Ask<StatusReply<Akka.Done>>(new DomainCoordinator.Start(run, "sim"), T)).IsSuccess);
        await following.WaitAsync(TimeSpan.FromSeconds(120));

        var progress = live.Progress()["sim"];
        Assert.Equal("completed", progress.Finished);
        Assert.True(progress.BaselinesFixed);
        Assert.Equal(1, progress.Generation);
        Assert.InRange(progress.Trials, 1, run.TotalTrials("sim")); // fewer when an elite's evidence is reused
        Assert.True(progress.BaselineTrials > 0);
        Assert.All(progress.TrialIdCounts.Values, n => Assert.Equal(1, n));
        Assert.NotNull(progress.BestCandId);

        var files = FilesOf(live.RunDir);
        Assert.Contains("manifest.json", files.Keys);
        Assert.Contains("best.json", files.Keys);
        Assert.Contains("candidates/sim/gen0_c0.json", files.Keys);
        Assert.Contains("candidates/sim/gen1_best.json", files.Keys);
        var evolution = files["evolution.jsonl"].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, evolution.Length);
        Assert.Equal(1, JsonDocument.Parse(evolution[1]).RootElement.GetProperty("generation").GetInt32());
        Assert.Equal(runId, JsonDocument.Parse(files["manifest.json"]).RootElement.GetProperty("run_id").GetString());
        Assert.True(File.Exists(Path.Combine(_data, "baselines.json")));

        var again = new RunFiles(_replayed, runId);
        await RunProjector.Replay(node.System, runId, run.Domains, again).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(files, FilesOf(again.RunDir));
        Assert.Equal(File.ReadAllText(Path.Combine(_data, "baselines.json")), File.ReadAllText(Path.Combine(_replayed, "baselines.json")));
    }
}
