using System.Text.RegularExpressions;
using Dream.Cluster.Runs;

namespace Dream.Cli.Bench.Recovery;

/// <summary>What every scenario shares: the campaign, the undisturbed run, where to work, the journal's server, the options.</summary>
public sealed record RecoveryContext(
    RecoveryCampaign Campaign, ReferenceRun Reference, string Work, IReadOnlyList<string> Hocon, string? PgUrl, string? PgCtl,
    int FreezeSeconds, int PauseSeconds, int DbDownSeconds, TextWriter Err)
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(300);

    /// <summary>A scenario's work directory.</summary>
    public string Dir(string scenario) => Directory.CreateDirectory(Path.Combine(Work, scenario)).FullName;

    public void Progress(string text)
    {
        Err.WriteLine("  " + DateTime.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " " + text);
        Err.Flush();
    }

    public static string PersistenceId(string runId) => DomainCoordinator.PersistenceIdOf(runId, BenchSimConfig.Domain);

    /// <summary>
    /// The checks every run of a scenario ends with: the run's exit status 0, every trial id in its journal exactly
    /// once and as many as the undisturbed run recorded, a Finished event, and the undisturbed run's best.json and packs.
    /// Returns the journal's rows.
    /// </summary>
    public IReadOnlyList<RecoveryJournal.Row> VerifyRun(ScenarioResult r, BenchProcess run, string runId, string runData, RecoveryJournal journal)
    {
        var exit = run.WaitExit(RunTimeout);
        if (exit == null)
        {
            run.KillNow();
            r.Expect("run completes", false, "not finished " + RunTimeout.TotalSeconds + " s after the fault:\n" + run.Tail());
        }
        else r.Expect("run completes", exit == 0, "dream run exit " + exit + (exit == 0 ? "" : ":\n" + run.Tail()));
        var rows = journal.Rows(PersistenceId(runId));
        VerifyJournal(r, rows);
        VerifyFiles(r, Path.Combine(runData, "runs", runId));
        return rows;
    }

    public void VerifyJournal(ScenarioResult r, IReadOnlyList<RecoveryJournal.Row> rows)
    {
        var tally = RecoveryJournal.Tally(rows);
        var trials = RecoveryJournal.Trials(rows);
        var distinct = trials.Select(t => t.TrialId).Distinct(StringComparer.Ordinal).Count();
        r.Facts["trials_recorded"] = trials.Count;
        r.Facts["trials_by_node"] = tally.TrialsByNode;
        r.Facts["outcome"] = tally.Outcome;
        r.Expect("every trial id once", tally.DuplicateTrialIds == 0,
            trials.Count + " trial results, " + distinct + " distinct trial ids, " + tally.DuplicateTrialIds + " recorded more than once");
        r.Expect("no trial lost", trials.Count == Reference.Recorded && distinct == Reference.Distinct,
            distinct + " distinct trial ids recorded; the undisturbed run recorded " + Reference.Distinct);
        r.Expect("run finished in the journal", tally.Phases.Finished != null, "outcome " + (tally.Outcome ?? "none: no Finished event"));
    }

    public void VerifyFiles(ScenarioResult r, string runDir)
    {
        var diff = RunComparison.Differences(Reference.RunDir, runDir);
        r.Expect("same packs and best.json", diff.Count == 0, diff.Count == 0
            ? RunComparison.PackCount(runDir) + " packs and best.json as the undisturbed run's"
            : string.Join("; ", diff.Take(5)) + (diff.Count > 5 ? "; ..." : ""));
    }

    // Akka.NET's own lines (DREAM_LOG_LEVEL=INFO), naming the node in question somewhere after the pattern.
    public static string Unreachable(string address) => @".*?Marking node\(?s?\)? as UNREACHABLE.*?" + Regex.Escape(address);

    public static string Downed(string address) => @".*?SBR took decision \S+ and is downing.*?" + Regex.Escape(address);

    public static string Redispatched(string trialId) =>
        @".*?(is gone; dispatching trial " + Regex.Escape(trialId) + " again|trial " + Regex.Escape(trialId) + @" on \S+ passed its deadline)";
}
