using Dream.Cluster.Nodes;
using Dream.Cluster.Reports;

namespace Dream.Cli.Commands;

/// <summary>
/// Runs whose files are in runs/ but that the journal has lost (LostRuns): a journal file that was truncated, replaced
/// or restored from an older backup gives no error (the database opens what it finds), so without this check such
/// runs would just be "unknown". Every command that opens the journal warns of them; reporting or resuming one of them
/// is an infrastructure failure (exit 3), not a mistyped run id.
/// </summary>
public static class JournalCheck
{
    /// <summary>The journal's connection URL, without a password.</summary>
    public static string JournalUrl(DreamNode node) => JournalSchema.Redact(NodeConfig.Journal(node.System.Settings.Config).Shown);

    /// <summary>Prints <see cref="LostRunsWarning"/> on <paramref name="err"/> when the journal has lost runs of <paramref name="data"/> but <paramref name="except"/>.</summary>
    public static void WarnOfLostRuns(DreamNode node, string data, IReadOnlySet<string> except, TextWriter err)
    {
        List<string> lost;
        try
        {
            lost = LostRuns.Find(node.System, data).WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult()
                .Where(r => !except.Contains(r)).ToList();
        }
        catch (Exception e)
        {
            err.WriteLine("dream: warning: could not compare " + Path.Combine(data, "runs") + " with the journal: " + e.Message);
            err.Flush();
            return;
        }
        if (lost.Count == 0) return;
        err.WriteLine(LostRunsWarning(lost, data, JournalUrl(node)));
        err.Flush();
    }

    /// <summary>The failure for <paramref name="runId"/>, which the journal does not know: exit 3 when its files say it lost it, else 2.</summary>
    public static CommandFailure UnknownRun(DreamNode node, string data, string runId, string unknown) =>
        LostRuns.HasManifest(data, runId)
            ? new CommandFailure(ExitCodes.Infrastructure, LostRunMessage(runId, data, JournalUrl(node)))
            : new CommandFailure(ExitCodes.Usage, unknown);

    public static string LostRunsWarning(IReadOnlyList<string> lost, string data, string journalUrl)
    {
        var one = lost.Count == 1;
        var runs = Path.Combine(data, "runs");
        var them = one ? "it" : "them";
        return "dream: warning: the journal does not know " + lost.Count + (one ? " run" : " runs") + " whose files are in "
            + runs + ": " + string.Join(", ", lost) + "\n"
            + "  The journal (" + journalUrl + ") has lost " + them + ": most likely its file was truncated, replaced"
            + " or restored from an older backup, or DREAM_DB_URL names another database than the one that recorded "
            + them + ". " + (one ? "Its" : "Their") + " files are intact, but " + (one ? "it" : "they")
            + " cannot be resumed or reported from this journal.\n"
            + "  To get " + them + " back, stop every dream process using this journal and " + Restore(journalUrl, them)
            + "; to go on without " + them + ", move " + (one ? "its directory" : "their directories") + " out of "
            + runs + " (this warning then stops).";
    }

    public static string LostRunMessage(string runId, string data, string journalUrl) =>
        "run " + runId + " is not in the journal (" + journalUrl + "), though its files are in " + Path.Combine(data, "runs", runId)
        + ": the journal has lost it, most likely because its file was truncated, replaced or restored from an older backup, or"
        + " because DREAM_DB_URL names another database than the one that recorded it. Stop every dream process using this journal and "
        + Restore(journalUrl, "it") + ", then try again.";

    /// <summary>What to restore: the embedded database's file, or the database.</summary>
    private static string Restore(string journalUrl, string them)
    {
        // The embedded default is a SQLite file (DESIGN.md section 2): "Data Source=<file>[;...]".
        // Named as dream.db.url does ("sqlite:<file>") or as the provider's connection string ("Data Source=<file>;...").
        foreach (var prefix in new[] { "sqlite:", "Data Source=" })
        {
            if (journalUrl.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return "restore " + journalUrl[prefix.Length..].Split(';', 2)[0] + " from a backup";
        }
        return "restore that database from a backup, or set DREAM_DB_URL to the database that recorded " + them;
    }
}
