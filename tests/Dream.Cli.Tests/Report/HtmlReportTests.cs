using System.Text;
using System.Text.RegularExpressions;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;

namespace Dream.Cli.Tests.Report;

/// <summary>A real small sim run, made once for these tests, in its own data directory.</summary>
public sealed class SimRunFixture : IDisposable
{
    public TempDir Dir { get; } = new();
    public string Data => Dir.Resolve("data");
    public string RunId { get; }

    public SimRunFixture()
    {
        var config = Path.Combine(Commands.Cli.RepoRoot(), "tests", "Dream.EndToEnd.Tests", "data", "sim-config");
        var r = Commands.Cli.Run("run", "--domain", "sim", "--config-dir", config, "--data", Data, "--seed", "7", "--population", "6",
            "--generations", "3", "--trials", "2", "--management-port", "0");
        if (r.ExitCode != ExitCodes.Ok) throw new InvalidOperationException("the sim run failed: " + r.Out + r.Err);
        RunId = Path.GetFileName(Directory.GetDirectories(Path.Combine(Data, "runs")).Single());
    }

    public void Dispose() => Dir.Dispose();
}

/// <summary><c>dream report RUN_ID --html</c> on the journal of a real sim run.</summary>
public sealed class HtmlReportTests : IClassFixture<SimRunFixture>, IDisposable
{
    private static readonly string[] Figures =
        ["sim-score", "sim-forest", "sim-knob-threads", "sim-knob-util", "sim-knob-mode", "sim-importance", "sim-timeline"];

    private readonly SimRunFixture run;
    private readonly TempDir tmp = new();

    public HtmlReportTests(SimRunFixture run) => this.run = run;

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void TheReportIsSelfContainedAndHasEveryFigureAsPngAndSvg()
    {
        var outDir = tmp.Resolve("report");
        var r = Commands.Cli.Run("report", run.RunId, "--data", run.Data, "--html", "--out", outDir);
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
        Assert.Contains("report: " + Path.Combine(outDir, "report.html"), r.Out);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains(run.RunId, html);
        foreach (var f in Figures)
        {
            Assert.Contains($"id=\"fig-{f}\"", html);
            var png = File.ReadAllBytes(Path.Combine(outDir, "figures", f + ".png"));
            Assert.True(png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', f + ".png is not a PNG");
            var svg = File.ReadAllText(Path.Combine(outDir, "figures", f + ".svg"));
            Assert.Contains("<svg", svg);
        }
        var images = Regex.Matches(html, "<img [^>]*src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        // racing (now the default allocation) adds its eliminations figure when it dropped a candidate
        Assert.Equal(Figures.Length + (html.Contains("id=\"fig-sim-racing\"", StringComparison.Ordinal) ? 1 : 0), images.Count);
        Assert.All(images, src => Assert.StartsWith("data:image/svg+xml;base64,", src));
        // Nothing to fetch: no absolute or protocol-relative URL in the page, nor in any embedded figure
        // (an SVG's xmlns is a name, not a resource, and is allowed there).
        Assert.DoesNotMatch(new Regex(@"https?:|(src|href)\s*=\s*[""']?//|url\(|@import", RegexOptions.IgnoreCase), html);
        foreach (var src in images)
        {
            var svg = Encoding.UTF8.GetString(Convert.FromBase64String(src["data:image/svg+xml;base64,".Length..]));
            Assert.StartsWith("<?xml", svg.TrimStart());
            Assert.DoesNotMatch(new Regex(@"(href|src)\s*=\s*[""']\s*(https?:)?//|url\(\s*[""']?\s*(https?:)?//|@import", RegexOptions.IgnoreCase), svg);
        }
        // the knob ranking and the winner are in the page as text too
        Assert.Contains("<table class=\"importance\">", html);
        Assert.Contains("winner", html);
        Assert.Empty(Directory.GetDirectories(outDir, ".report-*")); // no staging left
    }

    [Fact]
    public void WithoutOutTheReportGoesIntoTheRunsDirectory()
    {
        var r = Commands.Cli.Run("report", run.RunId, "--data", run.Data, "--html");
        Assert.True(r.ExitCode == ExitCodes.Ok, r.Out + r.Err);
        Assert.True(File.Exists(Path.Combine(run.Data, "runs", run.RunId, "report", "report.html")));
    }

    [Fact]
    public void AnUnwritableOutIsExit3AndWritesNothing()
    {
        var blocker = tmp.Resolve("a-file");
        File.WriteAllText(blocker, "not a directory");
        var outDir = Path.Combine(blocker, "report");
        var r = Commands.Cli.Run("report", run.RunId, "--data", run.Data, "--html", "--out", outDir);
        Assert.True(r.ExitCode == ExitCodes.Infrastructure, r.Out + r.Err);
        Assert.Contains("cannot write the report into " + outDir, r.Err);
        Assert.Equal("not a directory", File.ReadAllText(blocker));
        Assert.Equal([blocker], Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void AnUnknownRunIsExit2()
    {
        var r = Commands.Cli.Run("report", "2020-01-01T00-00-00_rnopeno", "--data", run.Data, "--html", "--out", tmp.Resolve("x"));
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Out + r.Err);
        Assert.False(Directory.Exists(tmp.Resolve("x")));
    }

    [Fact]
    public void OutWithoutHtmlIsBadUsage()
    {
        var r = Commands.Cli.Run("report", run.RunId, "--data", run.Data, "--out", tmp.Resolve("x"));
        Assert.True(r.ExitCode == ExitCodes.Usage, r.Out + r.Err);
        Assert.Contains("--out is where --html writes", r.Err);
    }
}
