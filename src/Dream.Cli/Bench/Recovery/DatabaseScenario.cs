using System.Diagnostics;
using System.Globalization;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// e) The journal's PostgreSQL server is stopped mid-run for some seconds and started again: the run must wait,
/// continue, and end as an undisturbed one. The bench controls the server only through <c>--pg-ctl "VERSION
/// CLUSTER"</c> (Debian's pg_ctlcluster), and only when that cluster listens on the port of the journal's URL, so
/// that it never stops a server the journal is not on; without it the scenario is skipped.
/// </summary>
public static class DatabaseScenario
{
    /// <summary>Why the bench cannot stop and start the journal's server, or null when it can.</summary>
    public static string? CannotControl(string? pgCtl, int journalPort)
    {
        if (string.IsNullOrWhiteSpace(pgCtl))
            return "needs --pg-ctl \"VERSION CLUSTER\" (a pg_ctlcluster cluster the bench may stop and start; with --pg-url on its port)";
        var parts = pgCtl.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return "--pg-ctl takes \"VERSION CLUSTER\", e.g. \"15 recovery\" (got \"" + pgCtl + "\")";
        var (code, output) = Exec("pg_lsclusters", "-h");
        if (code != 0) return "pg_lsclusters failed (exit " + code + "): " + output.Trim();
        foreach (var line in output.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 3 && f[0] == parts[0] && f[1] == parts[1])
            {
                return int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port == journalPort
                    ? null
                    : "the cluster " + pgCtl + " listens on port " + f[2] + ", not the journal's " + journalPort + " (pass --pg-url on it)";
            }
        }
        return "pg_lsclusters lists no cluster " + pgCtl;
    }

    public static (int Code, string Output) Exec(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                return (-1, file + " did not finish in 120 s");
            }
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (-1, "cannot run " + file + ": " + e.Message);
        }
    }

    private static (int Code, string Output) Ctl(string pgCtl, string action)
    {
        var parts = pgCtl.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return action == "stop"
            ? Exec("pg_ctlcluster", "--skip-systemctl-redirect", parts[0], parts[1], "stop", "-m", "fast")
            : Exec("pg_ctlcluster", "--skip-systemctl-redirect", parts[0], parts[1], action);
    }

    public static ScenarioResult DatabaseDown(RecoveryContext ctx, ScenarioResult r)
    {
        var db = ScenarioDatabase.Create(ctx.PgUrl);
        if (CannotControl(ctx.PgCtl, db.Port) is { } why)
        {
            db.Dispose();
            return r.Skip(why);
        }
        using var t = ClusterScenarios.Start(ctx, r.Name, db, r);
        var (cluster, journal, a, run, runId) = (t.Cluster, t.Journal, t.A, t.Run, t.RunId);
        ProcessCluster.AwaitTrialInFlight(t.B, "/gen0_", 2, run, TimeSpan.FromSeconds(120));
        bool stopped = false;
        DateTimeOffset stop, back;
        try
        {
            stop = DateTimeOffset.UtcNow;
            var (code, output) = Ctl(ctx.PgCtl!, "stop");
            if (code != 0) throw new ScenarioFailure("pg_ctlcluster " + ctx.PgCtl + " stop failed (exit " + code + "): " + output.Trim());
            stopped = true;
            ctx.Progress(r.Name + ": PostgreSQL " + ctx.PgCtl + " stopped for " + ctx.DbDownSeconds + " s");
            Thread.Sleep(TimeSpan.FromSeconds(ctx.DbDownSeconds));
            r.Facts["run_alive_at_restart"] = !run.Exited;
            r.Facts["coordinator_node_alive_at_restart"] = !a.Exited;
        }
        finally
        {
            if (stopped)
            {
                var (code, output) = Ctl(ctx.PgCtl!, "start");
                if (code != 0) ctx.Err.WriteLine("dream bench recovery: pg_ctlcluster " + ctx.PgCtl + " start failed (exit " + code + "): " + output.Trim());
            }
        }
        back = DateTimeOffset.UtcNow;
        r.Time("down_s", LogLines.Seconds(stop, back), "");
        ctx.Progress(r.Name + ": PostgreSQL back; waiting for the run to write again");
        var firstWrite = journal.AwaitWriteAfter(RecoveryContext.PersistenceId(runId), back, RecoveryContext.RunTimeout, () => run.Exited);
        r.Time("continue_s", LogLines.Seconds(back, firstWrite?.Written), run.Exited ? "the run ended (exit " + run.Process.ExitCode + ") without writing again"
            : "no journal write after the database came back");
        r.Facts["first_write_after_back"] = firstWrite?.Manifest;
        ctx.VerifyRun(r, run, runId, cluster.DataOf("run"), journal);
        var problems = run.Output().Split('\n').Concat(a.Output().Split('\n'))
            .Where(l => l.Contains(" ERROR ", StringComparison.Ordinal) || l.Contains(" WARNING ", StringComparison.Ordinal))
            .Where(l => l.Contains("ersist", StringComparison.Ordinal) || l.Contains("journal", StringComparison.OrdinalIgnoreCase)
                || l.Contains("Npgsql", StringComparison.Ordinal) || l.Contains("onnection", StringComparison.Ordinal))
            .Take(6).Select(l => l.Length > 300 ? l[..300] + "..." : l).ToList();
        r.Facts["journal_errors_logged"] = problems;
        return r;
    }
}
