using Dream.Cli.Commands;

namespace Dream.Cli.Tests.Commands;

public sealed class CommonOptionsTests : IDisposable
{
    private readonly TempDir tmp = new();

    public void Dispose() => tmp.Dispose();

    private static Dictionary<string, string> Env(string? configDir = null) =>
        configDir is null ? new() : new() { [CommonOptions.ConfigDirEnv] = configDir };

    [Fact]
    public void TheOptionWinsOverEverything()
    {
        var cwd = Directory.CreateDirectory(tmp.Resolve("cwd", "config")).Parent!.FullName;
        var given = tmp.Resolve("given");
        Assert.Equal(given, CommonOptions.ResolveConfigDir(given, Env("/env"), cwd, tmp.Path));
    }

    [Fact]
    public void TheEnvironmentComesNext() =>
        Assert.Equal("/env/config", CommonOptions.ResolveConfigDir(null, Env("/env/config"), tmp.Path, null));

    [Fact]
    public void ABlankEnvironmentVariableCountsAsUnset()
    {
        var cwd = Directory.CreateDirectory(tmp.Resolve("cwd")).FullName;
        Assert.Equal(Path.Combine(cwd, "config"), CommonOptions.ResolveConfigDir(null, Env("  "), cwd, null));
    }

    [Fact]
    public void ThenConfigInTheCurrentDirectory()
    {
        var cwd = tmp.Resolve("cwd");
        Directory.CreateDirectory(Path.Combine(cwd, "config"));
        Directory.CreateDirectory(tmp.Resolve("home", "config"));
        Assert.Equal(Path.Combine(cwd, "config"), CommonOptions.ResolveConfigDir(null, Env(), cwd, tmp.Resolve("home")));
    }

    [Fact]
    public void ThenTheConfigOfTheInstallation()
    {
        var cwd = Directory.CreateDirectory(tmp.Resolve("cwd")).FullName;
        var home = tmp.Resolve("home");
        Directory.CreateDirectory(Path.Combine(home, "config"));
        Assert.Equal(Path.Combine(home, "config"), CommonOptions.ResolveConfigDir(null, Env(), cwd, home));
    }

    [Fact]
    public void OtherwiseConfigInTheCurrentDirectorySoThatItsAbsenceIsReported()
    {
        var cwd = Directory.CreateDirectory(tmp.Resolve("cwd")).FullName;
        Assert.Equal(Path.Combine(cwd, "config"), CommonOptions.ResolveConfigDir(null, Env(), cwd, tmp.Resolve("nohome")));
    }
}
