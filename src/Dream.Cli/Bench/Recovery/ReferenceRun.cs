using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// The undisturbed run every scenario is compared with: the same campaign and seed as a single-node <c>dream run</c>
/// on SQLite (sim results are fixed by the seed, so where the trials ran does not change them), and what
/// <c>dream report</c> counts in its journal.
/// </summary>
public sealed record ReferenceRun(string RunId, string RunDir, long Recorded, long Distinct, long Twice, double WallS)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static ReferenceRun Start(string dir, RecoveryCampaign campaign, IReadOnlyList<string> hocon)
    {
        var data = Path.Combine(dir, "data");
        var env = new Dictionary<string, string?> { ["DREAM_DB_URL"] = null };
        var clock = Stopwatch.StartNew();
        var run = BenchProcess.Start("reference", dir, null, env, ["run", .. campaign.Options(data), .. HoconArgs(hocon)]);
        var exit = run.WaitExit(Timeout);
        if (exit == null)
        {
            run.KillNow();
            throw new ScenarioFailure("the undisturbed reference run did not finish within " + Timeout.TotalMinutes + " min:\n" + run.Tail());
        }
        if (exit != 0) throw new ScenarioFailure("the undisturbed reference run ended with exit " + exit + ":\n" + run.Tail());
        var wall = clock.Elapsed.TotalSeconds;
        var runId = ProcessCluster.AwaitRunId(run);
        var counts = Report(dir, env, runId, data, hocon, "reference-report");
        return new ReferenceRun(runId, Path.Combine(data, "runs", runId), counts.Recorded, counts.Distinct, counts.Twice, wall);
    }

    /// <summary>The counts of <c>dream report RUN_ID --data DATA</c> (its journal where <paramref name="env"/> puts it).</summary>
    public static (long Recorded, long Distinct, long Twice) Report(string dir, IReadOnlyDictionary<string, string?> env, string runId, string data,
        IReadOnlyList<string> hocon, string name)
    {
        var report = BenchProcess.Start(name, dir, null, env, ["report", runId, "--data", data, .. HoconArgs(hocon)]);
        var exit = report.WaitExit(TimeSpan.FromMinutes(3));
        if (exit != 0)
        {
            report.KillNow();
            throw new ScenarioFailure("dream report " + runId + " ended with exit " + (exit?.ToString() ?? "none (timed out)") + ":\n" + report.Tail());
        }
        return Counts(report.Output()) ?? throw new ScenarioFailure("no trial counts in dream report " + runId + ":\n" + report.Tail());
    }

    /// <summary>"trials recorded N, distinct trial ids N, recorded more than once N" of a report, or null.</summary>
    public static (long Recorded, long Distinct, long Twice)? Counts(string report)
    {
        var m = Regex.Match(report, @"trials recorded (\d+), distinct trial ids (\d+), recorded more than once (\d+)");
        return m.Success ? (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)) : null;
    }

    public static IEnumerable<string> HoconArgs(IReadOnlyList<string> hocon) => hocon.SelectMany(h => new[] { "--hocon", Path.GetFullPath(h) });
}
