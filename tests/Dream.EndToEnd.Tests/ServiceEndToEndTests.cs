using System.Text.RegularExpressions;
using Dream.Core.Config;
using Dream.Core.Packs;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream service</c> in its own process, on the embedded SQLite journal, killed with SIGKILL and started again: the
/// campaign it was running is resumed from the journal (not restarted, not lost), and the planned start of the next
/// campaign is the one planned before the kill. Stopped by SIGTERM, it exits 130.
/// </summary>
public sealed class ServiceEndToEndTests : IDisposable
{
    private static readonly Regex Started = new(@"sim: campaign (\S+) started");
    private static readonly Regex Finished = new(@"sim: campaign (\S+) finished \((completed|no safe candidate)\).*; next at (\S+)");

    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    /// <summary>The tests' sim config with quarter-second trials, so that a campaign lasts a few seconds and can be killed mid-way.</summary>
    private string SlowSimConfig() => E2e.SlowerConfig(E2e.Config, _work.Resolve("config"), "0.25");

    private static string[] ServiceArgs(string config, string data, string every) =>
        ["service", "--domain", "sim", "--config-dir", config, "--data", data, "--every", every,
         "--population", "4", "--generations", "2", "--trials", "2", "--regimes", "normal"];

    [Fact]
    public void CampaignsFollowEachOtherAndOneKilledMidwayIsResumedAfterARestart()
    {
        var config = SlowSimConfig();
        var data = _work.Resolve("data");
        var first = DreamProcess.Start(_work.Path, E2e.NoEnv, ServiceArgs(config, data, "2s"));
        List<string> finished;
        string interrupted;
        try
        {
            finished = AwaitAll(first, Finished, 2);
            interrupted = AwaitAll(first, Started, 3)[2];
            AwaitLine(first, new Regex("sim: campaign " + Regex.Escape(interrupted) + " generation 1/2"));
        }
        finally
        {
            first.Kill();
        }
        Assert.True(finished.Distinct().Count() == 2, first.Output());
        Assert.False(finished.Contains(interrupted), first.Output());
        foreach (var run in finished) Assert.True(File.Exists(Path.Combine(data, "runs", run, "best.json")), run);
        Assert.False(File.Exists(Path.Combine(data, "runs", interrupted, "best.json")), "killed before it finished:\n" + first.Output());

        var second = DreamProcess.Start(_work.Path, E2e.NoEnv, ServiceArgs(config, data, "2s"));
        try
        {
            AwaitLine(second, new Regex("sim: resuming campaign " + Regex.Escape(interrupted)));
            var after = AwaitAll(second, Finished, 1);
            Assert.True(interrupted == after[0], "the first campaign to finish after the restart is the interrupted one:\n" + second.Output());
            var next = AwaitAll(second, Started, 1)[0];
            Assert.NotEqual(interrupted, next);
            Assert.DoesNotContain(next, finished);
            // stopped by its supervisor (systemd's SIGTERM) in the middle of that campaign
            var stopped = second.Stop(120);
            Assert.True(stopped.Exit == 130, stopped.Output);
            Assert.True(stopped.Output.Contains("dream service: stopping; a campaign in progress continues when the service starts again"), stopped.Output);
            E2e.AssertNoStackTrace(stopped.Output);
        }
        finally
        {
            second.Kill();
        }
        var runDir = Path.Combine(data, "runs", interrupted);
        Assert.True(File.ReadAllLines(Path.Combine(runDir, "evolution.jsonl")).Length == 2, "each generation once, none repeated by the restart");
        SimRunEndToEndTests.AssertValid(SchemaValidator.Best, Path.Combine(runDir, "best.json"));
        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "report", interrupted, "--data", data);
        Assert.True(report.Exit == 0, report.Output);
        var m = Regex.Match(report.Output, @"trials recorded (\d+), distinct trial ids (\d+), recorded more than once (\d+)");
        Assert.True(m.Success, report.Output);
        Assert.True(m.Groups[1].Value == m.Groups[2].Value, report.Output);
        Assert.True(m.Groups[3].Value == "0", "every trial of the resumed campaign counted once");
    }

    [Fact]
    public void WithNoReuseEveryCampaignMeasuresEveryTrialItself()
    {
        var data = _work.Resolve("data");
        var service = DreamProcess.Start(_work.Path, E2e.NoEnv, [.. ServiceArgs(E2e.Config, data, "1s"), "--no-reuse"]);
        List<string> finished;
        try
        {
            finished = AwaitAll(service, Finished, 2);
        }
        finally
        {
            service.Kill();
        }
        foreach (var run in finished)
        {
            var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(data, "runs", run, "manifest.json")))!["settings"]!;
            Assert.True(settings["reuse"]?.GetValue<bool>() == false, run + ": " + settings.ToJsonString());
        }
        // the second campaign measured its own baseline rather than taking the first one's trials from the cache
        var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 60, "report", finished[1], "--data", data, "--config-dir", E2e.Config);
        Assert.True(report.Exit == 0, report.Output);
        Assert.DoesNotContain("reused", report.Output.Replace("candidates reused 0", "").Replace("(their evidence was in the journal)", ""));
    }

    [Fact]
    public void TheNextStartPlannedBeforeAKillIsKeptAfterTheRestart()
    {
        var config = SlowSimConfig();
        var data = _work.Resolve("data");
        var first = DreamProcess.Start(_work.Path, E2e.NoEnv, ServiceArgs(config, data, "1h"));
        string nextAt;
        try
        {
            nextAt = AwaitLine(first, Finished).Groups[3].Value;
        }
        finally
        {
            first.Kill();
        }
        var second = DreamProcess.Start(_work.Path, E2e.NoEnv, ServiceArgs(config, data, "1h"));
        try
        {
            AwaitLine(second, new Regex("sim: next campaign at " + Regex.Escape(nextAt) + "$", RegexOptions.Multiline));
        }
        finally
        {
            second.Kill();
        }
        Assert.False(Started.IsMatch(second.Output()), "nothing starts before the planned time:\n" + second.Output());
        Assert.Single(Directory.GetDirectories(Path.Combine(data, "runs")));
    }

    [Fact]
    public void BadSchedulesAreRefusedBeforeAnythingIsWritten()
    {
        var data = _work.Resolve("data");
        var schedule = _work.Resolve("schedule.yaml");
        File.WriteAllText(schedule, "version: 1\ndomains:\n  sim: {every: 30}\n");
        var r = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "service", "--schedule", schedule, "--config-dir", E2e.Config, "--data", data);
        Assert.True(r.Exit == 2, r.Output);
        Assert.True(r.Output.Contains("schedule.yaml:3:16: 'every' of domain 'sim' of the schedule must be a duration"), r.Output);
        var noDomain = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "service", "--config-dir", E2e.Config, "--data", data, "--every", "10m");
        Assert.True(noDomain.Exit == 2, noDomain.Output);
        Assert.False(Directory.Exists(data), "nothing written");
    }

    [Fact]
    public void TheShippedScheduleIsValidForTheShippedConfig()
    {
        var root = E2e.RepositoryRoot();
        var s = ScheduleParser.Load(Path.Combine(root, "deploy", "schedule.yaml"), ConfigLoader.Load(Path.Combine(root, "config")));
        Assert.True(s.Domains.Count >= 5, string.Join(", ", s.Domains.Select(d => d.Domain)));
    }

    private static Match AwaitLine(DreamProcess p, Regex line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            var m = line.Match(p.Output());
            if (m.Success) return m;
            Assert.False(p.Process.HasExited, $"the service ended before printing {line}:\n{p.Output()}");
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"no line {line} in 180 s:\n{p.Output()}");
    }

    /// <summary>The first group of the first <paramref name="n"/> matches of <paramref name="line"/>, once there are that many.</summary>
    private static List<string> AwaitAll(DreamProcess p, Regex line, int n)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            var found = line.Matches(p.Output()).Select(m => m.Groups[1].Value).ToList();
            if (found.Count >= n) return found.Take(n).ToList();
            Assert.False(p.Process.HasExited, $"the service ended before printing {n} x {line}:\n{p.Output()}");
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"fewer than {n} lines {line} in 180 s:\n{p.Output()}");
    }
}
