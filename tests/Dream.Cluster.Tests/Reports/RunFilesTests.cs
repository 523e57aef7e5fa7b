using Dream.Cluster.Reports;

namespace Dream.Cluster.Tests.Reports;

public sealed class RunFilesTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-runfiles-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void RemovesWhatAKilledWriteLeftButNothingElse()
    {
        var files = new RunFiles(_data, "run-1");
        var cands = Directory.CreateDirectory(Path.Combine(files.RunDir, "candidates", "sim")).FullName;
        File.WriteAllText(Path.Combine(cands, "gen0_c0.json"), "{}");
        File.WriteAllText(Path.Combine(cands, ".gen0_c1.json.4711.tmp"), "{\"torn");
        File.WriteAllText(Path.Combine(files.RunDir, ".best.json.42.tmp"), "");
        File.WriteAllText(Path.Combine(files.RunDir, "notes.tmp"), "not one of ours: no leading dot");
        File.WriteAllText(Path.Combine(_data, ".baselines.json.7.tmp"), "another run's write may be in flight here");

        files.RemoveInterruptedWrites();

        Assert.Equal([".baselines.json.7.tmp", "gen0_c0.json", "notes.tmp"],
            Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARunWithoutFilesYetIsFine() => new RunFiles(_data, "never-started").RemoveInterruptedWrites();
}
