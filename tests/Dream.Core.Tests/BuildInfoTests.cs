using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dream.Core.Tests;

public class BuildInfoTests : Config.TempDirTest
{
    [Fact]
    public void VersionIsTheProjectVersion()
    {
        // Directory.Build.props' <Version>, without the "+commit" build metadata the SDK may append.
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+([-.].+)?$"), BuildInfo.Version());
        Assert.DoesNotContain("+", BuildInfo.Version());
    }

    [Fact]
    public void CodeHashOfTheRunningBuildIsSha256Hex() =>
        Assert.Matches(new Regex("^sha256:[0-9a-f]{64}$"), BuildInfo.CodeHash());

    [Fact]
    public void CodeHashOfAssembliesIsTheSha256sumOfTheSortedDigestLines()
    {
        var b = Write(Path.Combine(Tmp, "lib", "Dream.Core.dll"), "core bytes");
        var a = Write(Path.Combine(Tmp, "dream.dll"), "cli bytes");
        var expected = Sha256(Sha256("core bytes") + "  Dream.Core.dll\n" + Sha256("cli bytes") + "  dream.dll\n");
        Assert.Equal("sha256:" + expected, BuildInfo.CodeHash([b, a], null));
    }

    [Fact]
    public void OnlyDreamAssembliesCount()
    {
        var dream = Write(Path.Combine(Tmp, "Dream.Core.dll"), "core");
        var other = Write(Path.Combine(Tmp, "Akka.dll"), "akka");
        var tests = Write(Path.Combine(Tmp, "t", "Dream.Core.Tests.dll"), "test");
        Write(Path.Combine(Tmp, "x", "Other.dll"), "x");
        var alone = BuildInfo.CodeHash([dream], null);
        Assert.Equal(alone, BuildInfo.CodeHash([other, dream, tests, Path.Combine(Tmp, "t"), Path.Combine(Tmp, "x")], null));
    }

    [Fact]
    public void DirectoriesHashTheirAssembliesWhereverTheyLive()
    {
        Write(Path.Combine(Tmp, "one", "Dream.Core.dll"), "A");
        Write(Path.Combine(Tmp, "one", "notes.txt"), "ignored");
        Write(Path.Combine(Tmp, "two", "Dream.Cli.dll"), "B");
        Write(Path.Combine(Tmp, "elsewhere", "x", "Dream.Core.dll"), "A");
        Write(Path.Combine(Tmp, "elsewhere", "y", "Dream.Cli.dll"), "B");
        var here = BuildInfo.CodeHash([Path.Combine(Tmp, "one"), Path.Combine(Tmp, "two")], null);
        var there = BuildInfo.CodeHash([Path.Combine(Tmp, "elsewhere", "y"), Path.Combine(Tmp, "elsewhere", "x")], null);
        Assert.Equal(here, there);
        Assert.Equal("sha256:" + Sha256(Sha256("B") + "  Dream.Cli.dll\n" + Sha256("A") + "  Dream.Core.dll\n"), here);
    }

    [Fact]
    public void ChangingOneByteOfCodeChangesTheHash()
    {
        var dll = Write(Path.Combine(Tmp, "Dream.Core.dll"), "code v1");
        var before = BuildInfo.CodeHash([dll], null);
        Write(dll, "code v2");
        Assert.NotEqual(before, BuildInfo.CodeHash([dll], null));
    }

    [Fact]
    public void ABundleWithoutDreamAssembliesFallsBackToTheFileHoldingTheCode()
    {
        var bundle = Write(Path.Combine(Tmp, "app.dll"), "everything");
        Assert.Equal("sha256:" + Sha256(Sha256("everything") + "  app.dll\n"), BuildInfo.CodeHash([bundle], bundle));
    }

    private static string Write(string file, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
