using Dream.Trials.Probes;

namespace Dream.Trials.Tests.Trials;

/// <summary>A fake /sys and /proc under a temporary directory, for the real probe and actuator code.</summary>
public sealed class FakeTree(string root)
{
    public string Root { get; } = root;

    public SysRoot SysRoot() => new(Root);

    public FakeTree Write(string absolute, string content)
    {
        var p = SysRoot().Resolve(absolute);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content);
        return this;
    }

    public string Read(string absolute) => File.ReadAllText(SysRoot().Resolve(absolute));
}
