using Dream.Cluster.Reports;
using Dream.Cluster.Runs;
using Dream.Cli.Console;

namespace Dream.Cli.Commands;

/// <summary>The closing lines of a run: per domain its best candidate, score and interval, and where the files are.</summary>
public static class Summary
{
    /// <summary>Prints the summary; returns 0, or 4 when no domain found a safe candidate.</summary>
    public static int Print(RunSpec run, RunFiles files, TextWriter @out)
    {
        var anySafe = false;
        @out.WriteLine();
        var progress = files.Progress();
        foreach (var domain in run.Domains)
        {
            if (!progress.TryGetValue(domain, out var p)) continue;
            if (p.BestCandId is not null)
            {
                anySafe = true;
                @out.WriteLine($"{domain,-14} best {p.BestCandId,-10} score_v2 {ProgressView.Fmt(p.BestScore)}{ProgressView.Ci(p.BestCi)}  ({p.Finished})");
            }
            else
            {
                @out.WriteLine($"{domain,-14} no safe candidate ({p.Finished})");
            }
        }
        @out.WriteLine("files: " + files.RunDir);
        @out.Flush();
        return anySafe ? ExitCodes.Ok : ExitCodes.NoSafeCandidate;
    }
}
