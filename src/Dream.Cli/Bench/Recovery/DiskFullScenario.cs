using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// f) The data directory of a single-node run (SQLite journal) is on a small tmpfs that fills up mid-run: the run
/// must stop with a clear error and exit status 3, and <c>dream run --resume</c> must complete it once space is
/// free, to the undisturbed run's files and trial count. Skipped, saying why, where this process cannot mount a
/// tmpfs (it needs Linux and the right to mount).
/// </summary>
public static class DiskFullScenario
{
    private const string Size = "16m";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

    public static ScenarioResult DiskFull(RecoveryContext ctx, ScenarioResult r)
    {
        if (!OperatingSystem.IsLinux()) return r.Skip("needs Linux to mount a tmpfs");
        var dir = ctx.Dir(r.Name);
        var mount = Directory.CreateDirectory(Path.Combine(dir, "mnt")).FullName;
        var (code, output) = DatabaseScenario.Exec("mount", "-t", "tmpfs", "-o", "size=" + Size, "tmpfs", mount);
        if (code != 0) return r.Skip("cannot mount a " + Size + " tmpfs on the data directory (mount exit " + code + ": " + output.Trim() + ")");
        try
        {
            Run(ctx, r, dir, mount);
        }
        finally
        {
            var (u, uOut) = DatabaseScenario.Exec("umount", mount);
            if (u != 0) DatabaseScenario.Exec("umount", "-l", mount);
            if (u != 0) r.Notes.Add("umount " + mount + ": " + uOut.Trim() + " (lazily unmounted)");
        }
        return r;
    }

    private static void Run(RecoveryContext ctx, ScenarioResult r, string dir, string mount)
    {
        var data = Path.Combine(mount, "data");
        var env = new Dictionary<string, string?> { ["DREAM_DB_URL"] = null, ["DREAM_LOG_LEVEL"] = "INFO" };
        var run = BenchProcess.Start("run", dir, null, env, ["run", .. ctx.Campaign.Options(data), .. ReferenceRun.HoconArgs(ctx.Hocon)]);
        try
        {
            var runId = ProcessCluster.AwaitRunId(run);
            r.RunId = runId;
            ProcessCluster.AwaitTrials(run, 6, run, TimeSpan.FromSeconds(120));
            var filler = Path.Combine(mount, "filler");
            var fill = DateTimeOffset.UtcNow;
            long filled = Fill(filler);
            ctx.Progress(r.Name + ": the data directory's " + Size + " tmpfs filled (" + filled / 1024 + " KiB of filler)");
            r.Facts["filler_kib"] = filled / 1024;
            var exit = run.WaitExit(ExitTimeout);
            var endedAt = DateTimeOffset.UtcNow;
            if (exit == null)
            {
                r.Expect("exit 3 on a full disk", false, "dream run still ran " + ExitTimeout.TotalSeconds + " s after the disk filled; killed. Its last lines:\n" + run.Tail(8));
                run.KillNow();
            }
            else
            {
                r.Time("fill_to_exit_s", LogLines.Seconds(fill, endedAt), "");
                r.Expect("exit 3 on a full disk", exit == 3, "dream run exit " + exit);
            }
            var said = run.Output();
            var clear = Regex.Match(said, @"^.*(No space left on device|disk is full|database or disk is full|SQLITE_FULL|ENOSPC).*$",
                RegexOptions.Multiline | RegexOptions.IgnoreCase);
            r.Facts["run_last_lines"] = run.Tail(6).Split('\n').Select(l => l.Length > 300 ? l[..300] + "..." : l).ToList();
            r.Expect("clear error", clear.Success, clear.Success ? clear.Value.Trim() : "no line says the disk is full; the last lines:\n" + run.Tail(6));

            File.Delete(filler);
            var freed = DateTimeOffset.UtcNow;
            var resume = BenchProcess.Start("resume", dir, null, env, ["run", "--resume", runId, "--data", data, .. ReferenceRun.HoconArgs(ctx.Hocon)]);
            var resumed = resume.WaitExit(RecoveryContext.RunTimeout);
            if (resumed == null) resume.KillNow();
            r.Time("resume_s", resumed == null ? null : LogLines.Seconds(freed, DateTimeOffset.UtcNow), "the resumed run did not finish");
            r.Expect("--resume completes", resumed == 0, "dream run --resume exit " + (resumed?.ToString() ?? "none: killed after " + RecoveryContext.RunTimeout.TotalSeconds + " s")
                + (resumed == 0 ? "" : ":\n" + resume.Tail(8)));
            if (resumed == 0)
            {
                var counts = ReferenceRun.Report(dir, env, runId, data, ctx.Hocon, "report");
                r.Facts["trials_recorded"] = counts.Recorded;
                r.Expect("every trial id once", counts.Twice == 0 && counts.Recorded == counts.Distinct,
                    counts.Recorded + " trial results, " + counts.Distinct + " distinct trial ids, " + counts.Twice + " recorded more than once");
                r.Expect("no trial lost", counts.Distinct == ctx.Reference.Distinct,
                    counts.Distinct + " distinct trial ids recorded; the undisturbed run recorded " + ctx.Reference.Distinct);
                ctx.VerifyFiles(r, Path.Combine(data, "runs", runId));
            }
        }
        finally
        {
            run.KillNow();
        }
    }

    /// <summary>Writes <paramref name="file"/> until the file system is full; returns the bytes written.</summary>
    private static long Fill(string file)
    {
        var chunk = new byte[64 * 1024];
        long written = 0;
        try
        {
            using var s = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            while (true)
            {
                s.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // full: what was written stays
        }
        // the last partial chunk: fill the remaining bytes too, so that nothing at all is left
        try
        {
            using var s = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var one = new byte[512];
            while (true)
            {
                s.Write(one);
                written += one.Length;
            }
        }
        catch (IOException)
        {
        }
        return written;
    }
}
