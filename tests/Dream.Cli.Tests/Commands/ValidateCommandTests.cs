using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string ShippedConfig => Path.Combine(Cli.RepoRoot(), "config");

    [Fact]
    public void TheShippedConfigIsValid()
    {
        var r = Cli.Run("validate", "--config-dir", ShippedConfig);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Err);
        Assert.Equal("", r.Err);
        Assert.StartsWith("domain ", r.Out);
        var lines = Lines(r.Out);
        foreach (var domain in ShippedDomains(ShippedConfig))
            Assert.True(lines.Any(l => l.StartsWith(domain + " ", StringComparison.Ordinal)), domain + " missing in\n" + r.Out);
        Assert.Contains("config OK: ", r.Out);
    }

    [Fact]
    public void AProblemIsReportedAtItsFileLineAndColumnWithExitStatus2()
    {
        var config = CopyOfShippedConfig();
        var caps = Path.Combine(config, "caps.yaml");
        var lines = File.ReadAllLines(caps);
        File.WriteAllText(caps, string.Join("\n", lines) + "\nno_such_key: 1\n");
        var badLine = lines.Length + 1;

        var r = Cli.Run("validate", "--config-dir", config);

        Assert.True(r.ExitCode == ExitCodes.Usage, r.Out);
        Assert.Contains("caps.yaml:" + badLine + ":1: ", r.Err);
        Assert.Contains("no_such_key", r.Err);
        Assert.Contains("1 problem in " + config, r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void AMissingConfigDirectoryIsBadConfig()
    {
        var absent = _tmp.Resolve("absent");
        var r = Cli.Run("validate", "--config-dir", absent);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("config directory " + absent + " does not exist", r.Err);
    }

    [Fact]
    public void ABrokenHoconFileIsReportedWithItsLine()
    {
        var hocon = _tmp.Resolve("bad.conf");
        File.WriteAllText(hocon, "dream {\n  a = 1\n  b = [\n");
        var r = Cli.Run("validate", "--config-dir", ShippedConfig, "--hocon", hocon);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(hocon + ":", r.Err);
        Assert.Contains("1 problem in --hocon files", r.Err);
    }

    private string CopyOfShippedConfig()
    {
        var from = ShippedConfig;
        var to = _tmp.Resolve("config");
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
        return to;
    }

    private static List<string> ShippedDomains(string config) =>
        Directory.EnumerateFiles(Path.Combine(config, "domains"))
            .Select(Path.GetFileName)
            .Where(n => n!.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(n => n![..^".yaml".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string[] Lines(string s) => s.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
}
