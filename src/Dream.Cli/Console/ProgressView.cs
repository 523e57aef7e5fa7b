using System.Globalization;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;

namespace Dream.Cli.Console;

/// <summary>
/// The progress of a run as the journal projection sees it: trials done of the total, generation, the best score so
/// far with its interval, and the ETA from the trial rate, as one line on stderr redrawn in place, e.g.
/// <c>trials 100% [=========================] 192/192 (0:00:05 / 0:00:00) sim gen 6/6 best +0.4020 [+0.3314, +0.4725]</c>.
/// </summary>
public sealed class ProgressView
{
    public static string Fmt(double? v) => v is { } d ? d.ToString("+0.0000;-0.0000;+0.0000", CultureInfo.InvariantCulture) : "-";

    public static string Ci(IReadOnlyList<double>? ci) =>
        ci is null || ci.Count < 2 ? "" : " [" + Fmt(ci[0]) + ", " + Fmt(ci[1]) + "]";

    /// <summary>One frame of the bar: what it shows after <paramref name="elapsed"/> with <paramref name="done"/> of <paramref name="total"/>.</summary>
    public static string Line(long done, long total, TimeSpan elapsed, string message)
    {
        const int width = 25;
        total = Math.Max(total, Math.Max(done, 1));
        var pct = (int)(100 * done / total);
        var filled = (int)(width * done / total);
        var remaining = done == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(elapsed.Ticks * (double)(total - done) / done));
        var bar = new string('=', filled) + new string(' ', width - filled);
        return string.Create(CultureInfo.InvariantCulture,
            $"trials {pct,3}% [{bar}] {done}/{total} ({Clock(elapsed)} / {Clock(remaining)}) {message}").TrimEnd();
    }

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";

    private readonly RunSpec run;
    private readonly RunFiles files;
    private readonly TextWriter err;

    public ProgressView(RunSpec run, RunFiles files, TextWriter err)
    {
        this.run = run;
        this.files = files;
        this.err = err;
    }

    /// <summary>Every candidate of every generation, and the baseline (the stock configuration: one candidate's worth).</summary>
    public long Total()
    {
        long t = 0;
        foreach (var d in run.Domains)
        {
            var p = run.Plan(d);
            t += ((long)run.Generations * p.Evolution.Population + 1) * p.Regimes.Count * p.Execution.Trials;
        }
        return t;
    }

    /// <summary>
    /// Redraws the bar until <paramref name="done"/> completes; <paramref name="watch"/>, given the trials recorded so
    /// far on every tick, may end the command by throwing (a journal that cannot be written, say).
    /// </summary>
    public void FollowUntil(Task done, Action<long>? watch = null)
    {
        var started = DateTime.UtcNow;
        var last = "";
        while (true)
        {
            var finished = done.Wait(TimeSpan.FromMilliseconds(500));
            var (trials, message) = Snapshot();
            if (!finished && watch != null)
            {
                try
                {
                    watch(trials);
                }
                catch
                {
                    err.WriteLine();
                    err.Flush();
                    throw;
                }
            }
            // Elites reuse their evidence, so fewer trials run than planned: the bar ends full all the same.
            var total = finished ? trials : Math.Max(Total(), trials);
            var line = Line(trials, total, DateTime.UtcNow - started, message);
            if (line != last)
            {
                err.Write("\r" + line.PadRight(last.Length));
                err.Flush();
                last = line;
            }
            if (finished)
            {
                err.WriteLine();
                err.Flush();
                done.GetAwaiter().GetResult(); // a failed follow is the command's failure
                return;
            }
        }
    }

    private (long Trials, string Message) Snapshot()
    {
        long trials = 0;
        var msg = new System.Text.StringBuilder();
        foreach (var (domain, p) in files.Progress())
        {
            // reused evidence (trials-reused.v1) stands for trials of the plan too: the bar does not wait on them
            trials += p.Trials + p.BaselineTrials + p.TrialsReused;
            if (msg.Length > 0) msg.Append(" | ");
            msg.Append(domain).Append(' ');
            if (!p.BaselinesFixed) msg.Append("baseline");
            else msg.Append("gen ").Append(Math.Max(0, p.Generation) + 1).Append('/').Append(run.Generations);
            if (p.BestScore is not null) msg.Append(" best ").Append(Fmt(p.BestScore)).Append(Ci(p.BestCi));
        }
        return (trials, msg.ToString());
    }
}
