using Dream.Trials.Processes;

namespace Dream.Trials.Tests.Processes;

public sealed class ToolsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-tools-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Script(string dir, string name, bool executable)
    {
        Directory.CreateDirectory(dir);
        var p = Path.Combine(dir, name);
        File.WriteAllText(p, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(p, executable ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return p;
    }

    [Fact]
    public void AToolIsFoundInTheFirstDirectoryOfThePathThatHoldsAnExecutableOfThatName()
    {
        if (OperatingSystem.IsWindows()) return;
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        Script(a, "fio", executable: false);
        var inB = Script(b, "fio", executable: true);
        Directory.CreateDirectory(Path.Combine(a, "iperf3")); // a directory is no program
        var tools = Tools.OnPath($"{a}:{b}:");
        Assert.Equal([a, b], tools.Path);
        Assert.Equal(inB, tools.Find("fio"));
        Assert.Null(tools.Find("iperf3"));
        Assert.Equal(inB, tools.Require("fio"));
        var e = Assert.Throws<ToolMissingException>(() => tools.Require("iperf3"));
        Assert.Equal("iperf3", e.Tool);
        Assert.Equal("iperf3 is not installed on this node (not found on PATH)", e.Message);
    }

    [Fact]
    public void ANameWithASlashIsAPathAsItStands()
    {
        if (OperatingSystem.IsWindows()) return;
        var p = Script(Path.Combine(_dir, "c"), "tool", executable: true);
        var tools = Tools.OnPath(null);
        Assert.Empty(tools.Path);
        Assert.Equal(p, tools.Find(p));
        Assert.Null(tools.Find(p + "-missing"));
        Assert.Equal(p + "-missing is not an executable file on this node", tools.Missing(p + "-missing"));
    }

    [Fact]
    public void APlacementPutsItsLaunchersBeforeTheCommand()
    {
        if (OperatingSystem.IsWindows()) return;
        var taskset = Script(Path.Combine(_dir, "bin"), "taskset", executable: true);
        var nice = Script(Path.Combine(_dir, "bin"), "nice", executable: true);
        var tools = Tools.OnPath(Path.Combine(_dir, "bin"));
        var placement = new Placement([
            new Placement.Launcher("cpus", "taskset", ["-c", "0-3"]),
            new Placement.Launcher("nice", "nice", ["-n", "5"]),
        ], null);
        Assert.False(placement.IsNone());
        Assert.True(Placement.None.IsNone());
        Assert.Equal([taskset, "-c", "0-3", nice, "-n", "5", "/usr/bin/fio", "--x"], placement.Wrap(["/usr/bin/fio", "--x"], tools));
        Assert.Equal(["/usr/bin/fio"], Placement.None.Wrap(["/usr/bin/fio"], tools));
        Assert.Equal(placement, new Placement([
            new Placement.Launcher("cpus", "taskset", ["-c", "0-3"]),
            new Placement.Launcher("nice", "nice", ["-n", "5"]),
        ], null));
    }
}
