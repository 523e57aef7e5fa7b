using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dream.Core.Packs;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream run --domain sim</c> as a user runs it, in its own process, on the embedded SQLite journal: it must find
/// the known optimum, write files that validate, and resume after SIGKILL or SIGTERM to exactly the same results.
/// </summary>
public sealed class SimRunEndToEndTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    public static string[] RunArgs(string data, int generations, params string[] extra) => RunArgs(data, generations, 7, extra);

    public static string[] RunArgs(string data, int generations, long seed, params string[] extra) =>
        ["run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data, "--seed", seed.ToString(), "--population", "8",
         "--generations", generations.ToString(), "--trials", "3", .. extra];

    /// <summary>
    /// The seed of the optimum test. Every seed tried (1 to 7) finds the optimum (true perf 993.7 to 999.0), but with
    /// 3 trials at noise 0.05 the winner's score interval excludes 0 for only some of them (3, 5 and 6 of 1 to 7; the
    /// Java tree's seed 7 gives [-0.0006, 0.278] here, its random streams being other than Java's): the test pins one
    /// for which the improvement is proven, since what it checks is that Dream then says so. The seeds were tried with
    /// the GA, the default then, so the test names it (tpe became the default with issue 12).
    /// </summary>
    public const long OptimumSeed = 3;

    [Fact]
    public void FindsTheKnownOptimumAndWritesValidFiles() => FindTheKnownOptimumAndValidFiles(_work.Path, E2e.NoEnv);

    /// <summary>8 generations of 8 on the normal regime, the journal wherever <paramref name="env"/> puts it (SQLite by default).</summary>
    public static void FindTheKnownOptimumAndValidFiles(string work, IReadOnlyDictionary<string, string> env)
    {
        var data = Path.Combine(work, "data");
        var r = DreamProcess.Run(work, env, 240, RunArgs(data, 8, OptimumSeed, "--regimes", "normal", "--strategy", "ga"));
        Assert.True(r.Exit == 0, r.Output);
        var runDir = RunFiles.OnlyRun(data);
        var best = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "best.json")))!["sim"]!;
        long threads = best["genome"]!["threads"]!.GetValue<long>();
        double util = best["genome"]!["util"]!.GetValue<double>();
        // The sim ground truth: perf = 1000 / (1 + f), f the squared scaled distance to the optimum (12, 0.75).
        double f = Math.Pow((threads - 12) / 63.0, 2) + Math.Pow((util - 0.75) / 0.75, 2);
        double perf = 1000 / (1 + f);
        Assert.True(perf >= 970, $"best {best.ToJsonString()} has true perf {perf}, more than 3% below the optimum's 1000");
        Assert.True(best["improves_over_baseline"]!.GetValue<bool>(), best.ToJsonString());

        AssertValid(SchemaValidator.Manifest, Path.Combine(runDir, "manifest.json"));
        AssertValid(SchemaValidator.Best, Path.Combine(runDir, "best.json"));
        AssertValid(SchemaValidator.Baselines, Path.Combine(data, "baselines.json"));
        var files = Directory.GetFiles(Path.Combine(runDir, "candidates"), "*", SearchOption.AllDirectories);
        Assert.True(files.Length == 8 * 8 + 8, $"8 generations x 8 packs + 8 generation bests, found {files.Length}");
        foreach (var p in files) AssertValid(SchemaValidator.CandidatePack, p);
        var lines = File.ReadAllLines(Path.Combine(runDir, "evolution.jsonl"));
        Assert.Equal(8, lines.Length);
        foreach (var line in lines)
        {
            var errors = SchemaValidator.Validate(SchemaValidator.Evolution, JsonNode.Parse(line));
            Assert.True(errors.Count == 0, line + " " + string.Join("; ", errors));
        }
    }

    [Fact]
    public void ARunKilledMidGenerationResumesToTheSameResults() => KillMidGenerationAndResume(_work.Path, E2e.NoEnv);

    /// <summary>
    /// Strategy tpe (the default, named so that the test keeps its meaning) with the population operators: the same
    /// proposals and operator decisions after a SIGKILL and --resume, since both derive from the journal and seeded streams.
    /// </summary>
    [Fact]
    public void ATpeRunWithOperatorsKilledMidGenerationResumesToTheSameResults() =>
        KillMidGenerationAndResume(_work.Path, E2e.NoEnv, "--strategy", "tpe", "--operators");

    /// <summary>
    /// A reference run on SQLite, then the same run with its journal wherever <paramref name="env"/> puts it, killed with
    /// SIGKILL in generation 1 and resumed: the files must be the reference's.
    /// </summary>
    public static void KillMidGenerationAndResume(string work, IReadOnlyDictionary<string, string> env, params string[] extra)
    {
        var calm = Path.Combine(work, "calm");
        var reference = DreamProcess.Run(work, E2e.NoEnv, 240, RunArgs(calm, 5, extra));
        Assert.True(reference.Exit == 0, reference.Output);

        var crashed = Path.Combine(work, "crashed");
        var victim = DreamProcess.Start(work, env, RunArgs(crashed, 5, [.. extra, "--hocon", E2e.Snapshots]));
        var runDir = WaitForPacks(crashed, 11, victim);
        victim.Kill();
        // what a SIGKILL during an atomic write leaves behind; the resumed run must clear it
        File.WriteAllText(Path.Combine(runDir, "candidates", "sim", ".gen0_c0.json.123456.tmp"), "{\"torn");
        var runId = Path.GetFileName(runDir);
        var resumed = DreamProcess.Run(work, env, 240, "run", "--resume", runId, "--data", crashed, "--hocon", E2e.Snapshots);
        Assert.True(resumed.Exit == 0, resumed.Output);

        AssertSameRunAs(calm, runDir, resumed.Output);
        AssertEachTrialRecordedOnce(work, env, crashed, runId);
    }

    /// <summary>
    /// SIGTERM (how a supervisor stops a process) mid-generation: the run stops cleanly and exits 130, "interrupted"
    /// (not 143), saying how to continue; resumed, it ends with the files of an uninterrupted run.
    /// </summary>
    [Fact]
    public void ARunStoppedBySigtermExits130AndResumesToTheSameResults()
    {
        var work = _work.Path;
        var calm = Path.Combine(work, "calm");
        var reference = DreamProcess.Run(work, E2e.NoEnv, 240, RunArgs(calm, 5));
        Assert.True(reference.Exit == 0, reference.Output);

        var stopped = Path.Combine(work, "stopped");
        var victim = DreamProcess.Start(work, E2e.NoEnv, RunArgs(stopped, 5));
        var runDir = WaitForPacks(stopped, 11, victim);
        var interrupted = victim.Stop(120);
        var runId = Path.GetFileName(runDir);
        Assert.True(interrupted.Exit == 130, interrupted.Output);
        Assert.True(interrupted.Output.Contains("dream: interrupted; the journal keeps every recorded trial. Continue with: dream run --resume " + runId),
            interrupted.Output);
        E2e.AssertNoStackTrace(interrupted.Output);

        var resumed = DreamProcess.Run(work, E2e.NoEnv, 240, "run", "--resume", runId, "--data", stopped);
        Assert.True(resumed.Exit == 0, resumed.Output);
        AssertSameRunAs(calm, runDir, resumed.Output);
        AssertEachTrialRecordedOnce(work, E2e.NoEnv, stopped, runId);
    }

    /// <summary>The run in <paramref name="calm"/> (the only one there) and <paramref name="runDir"/> have the same best.json and packs.</summary>
    public static void AssertSameRunAs(string calm, string runDir, string resumedOutput)
    {
        var calmRun = RunFiles.OnlyRun(calm);
        Assert.Equal(RunFiles.Json(Path.Combine(calmRun, "best.json")), RunFiles.Json(Path.Combine(runDir, "best.json")));
        var calmPacks = RunFiles.Packs(calmRun);
        var resumedPacks = RunFiles.Packs(runDir);
        Assert.Equal(calmPacks.Keys, resumedPacks.Keys);
        foreach (var pack in calmPacks.Keys)
            Assert.True(calmPacks[pack] == resumedPacks[pack], $"{pack} differs after the interruption; resumed run log:\n{resumedOutput}");
    }

    /// <summary><c>dream report</c>: no trial id of the run was recorded twice.</summary>
    public static void AssertEachTrialRecordedOnce(string work, IReadOnlyDictionary<string, string> env, string data, string runId)
    {
        var report = DreamProcess.Run(work, env, 120, "report", runId, "--data", data);
        Assert.True(report.Exit == 0, report.Output);
        var m = Regex.Match(report.Output, @"trials recorded (\d+), distinct trial ids (\d+), recorded more than once (\d+)");
        Assert.True(m.Success, report.Output);
        // 2 regimes x 3 trials for the baseline and for every evaluated candidate (elites reuse their evidence)
        Assert.Equal(m.Groups[1].Value, m.Groups[2].Value);
        Assert.Equal("0", m.Groups[3].Value);
    }

    /// <summary>Waits until the run has written <paramref name="n"/> files under candidates/, i.e. it is well into a generation.</summary>
    public static string WaitForPacks(string data, int n, DreamProcess p)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var runs = Path.Combine(data, "runs");
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(p.Process.HasExited, "the run ended before it could be killed:\n" + p.Output());
            // runs/ is made a moment before runs/<run_id>/: look only once the run's own directory is there
            if (Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any())
            {
                var runDir = RunFiles.OnlyRun(data);
                var cands = Path.Combine(runDir, "candidates");
                try
                {
                    if (Directory.Exists(cands) && Directory.EnumerateFiles(cands, "*", SearchOption.AllDirectories).Count() >= n) return runDir;
                }
                catch (IOException)
                {
                    // a temporary file renamed while it was listed: look again
                }
            }
            Thread.Sleep(20);
        }
        throw new Xunit.Sdk.XunitException("no progress:\n" + p.Output());
    }

    public static void AssertValid(string schema, string file)
    {
        var errors = SchemaValidator.Validate(schema, JsonNode.Parse(File.ReadAllText(file)));
        Assert.True(errors.Count == 0, file + ": " + string.Join("; ", errors));
    }
}
