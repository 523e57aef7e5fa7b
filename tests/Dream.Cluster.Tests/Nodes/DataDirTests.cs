using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Nodes;

/// <summary>Opening a data directory, and undoing it: a command that fails before recording anything leaves no trace.</summary>
public sealed class DataDirTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dream-datadir-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    [Fact]
    public void ADirectoryThatDidNotExistGoesWithTheParentsMadeForIt()
    {
        var data = Path.Combine(_tmp, "a", "b", "data");
        var opened = DataDir.Prepare(data);
        Assert.Equal(new DataDir.Opened.Created(data, Path.Combine(_tmp, "a")), opened);
        Assert.True(File.Exists(Path.Combine(data, DataDir.Marker)));
        Assert.True(Directory.Exists(Path.Combine(data, "journal")));
        Directory.CreateDirectory(Path.Combine(data, "node"));
        File.WriteAllText(Path.Combine(data, "node", "apply-journal"), "");

        opened.Undo();
        Assert.False(Directory.Exists(Path.Combine(_tmp, "a")));
        Assert.True(Directory.Exists(_tmp), "what existed before stays");
    }

    [Fact]
    public void AnEmptyDirectoryIsLeftEmpty()
    {
        var data = Directory.CreateDirectory(Path.Combine(_tmp, "data")).FullName;
        var opened = DataDir.Prepare(data);
        Assert.IsType<DataDir.Opened.Initialised>(opened);
        File.WriteAllText(Path.Combine(data, "journal", "dream.db"), "x");

        opened.Undo();
        Assert.True(Directory.Exists(data));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public void AnExistingDataDirectoryIsLeftAsItIs()
    {
        var data = Path.Combine(_tmp, "data");
        DataDir.Prepare(data);
        Directory.CreateDirectory(Path.Combine(data, "runs", "r1"));
        var again = DataDir.Prepare(data);
        Assert.Equal(new DataDir.Opened.Existing(data), again);

        again.Undo();
        Assert.True(Directory.Exists(Path.Combine(data, "runs", "r1")));
        Assert.True(File.Exists(Path.Combine(data, DataDir.Marker)));
    }

    [Fact]
    public void ADirectoryWithOtherFilesIsRefusedAndLeftAlone()
    {
        File.WriteAllText(Path.Combine(_tmp, "notes.txt"), "mine");
        var e = Assert.Throws<DataDir.Rejected>(() => DataDir.Prepare(_tmp));
        Assert.Contains("is not a Dream data directory", e.Message);
        Assert.False(File.Exists(Path.Combine(_tmp, DataDir.Marker)));
    }

    [Fact]
    public void ADamagedMarkerOrAFileIsRefused()
    {
        var data = Path.Combine(_tmp, "data");
        DataDir.Prepare(data);
        File.WriteAllText(Path.Combine(data, DataDir.Marker), "{}");
        Assert.Contains("is damaged", Assert.Throws<DataDir.Rejected>(() => DataDir.Prepare(data)).Message);

        var file = Path.Combine(_tmp, "file");
        File.WriteAllText(file, "");
        Assert.Contains("is a file", Assert.Throws<DataDir.Rejected>(() => DataDir.Prepare(file)).Message);
    }
}
