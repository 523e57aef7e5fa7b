using Dream.Trials.Probes;

namespace Dream.Trials.Tests.Probes;

/// <summary>A fake /sys and /proc under a temporary directory, for the real probe and actuator code (Java's FakeTree).</summary>
public sealed class FakeSysTree
{
    public FakeSysTree(string root) => Root = root;

    public string Root { get; }

    public SysRoot SysRoot() => new(Root);

    public FakeSysTree Write(string absolute, string content)
    {
        var p = SysRoot().Resolve(absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content);
        return this;
    }

    public string Read(string absolute) => File.ReadAllText(SysRoot().Resolve(absolute));
}

/// <summary>A temporary directory removed after the test (JUnit's @TempDir).</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("dream-probes-").FullName;

    public string Path { get; }

    public string Resolve(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}

/// <summary>A settable clock in nanoseconds, for rate and pressure probes.</summary>
public sealed class FakeClock
{
    private long _ns;

    public long Get() => Interlocked.Read(ref _ns);

    public void Set(long ns) => Interlocked.Exchange(ref _ns, ns);

    public void Add(long ns) => Interlocked.Add(ref _ns, ns);
}
