using System.CommandLine;
using Dream.Cli.Console;
using Dream.Cli.Report;
using Dream.Cluster.Nodes;
using Dream.Cluster.Reports;

namespace Dream.Cli.Commands;

/// <summary>
/// <c>dream report RUN_ID</c>: re-exports a run's files from its journal (they are projections of it) and prints what
/// the journal holds: generations, trials, and whether any trial id was recorded twice.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Re-export a run's files from the journal and summarise it.");
        var common = new CommonOptions(command);
        var runId = new Argument<string>("RUN_ID") { HelpName = "RUN_ID", Description = "The run, e.g. 2026-11-21T05-27-12_rvgclia." };
        command.Add(runId);
        var html = Options.Flag("--html", "Also write report.html (self-contained) and its figures as PNG and SVG.");
        var outDir = Options.Text("--out", "DIR", "Where --html writes (default: the run's directory, runs/RUN_ID/report).");
        command.Add(html);
        command.Add(outDir);
        command.SetAction(r => Call(common.Read(r), r.GetValue(runId)!, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error,
            r.GetValue(html), r.GetValue(outDir)));
        return command;
    }

    public static int Call(CommonValues common, string runId, TextWriter @out, TextWriter err) => Call(common, runId, @out, err, false, null);

    public static int Call(CommonValues common, string runId, TextWriter @out, TextWriter err, bool html, string? outDir)
    {
        if (outDir is not null && !html) throw new CommandFailure(ExitCodes.Usage, "--out is where --html writes: give --html too");
        var opened = Campaign.DataDir(common);
        var data = opened.Dir;
        var node = Campaign.StartNode(opened, err, new HashSet<string> { runId },
            dir => new NodeSettings(dir, common.HoconFiles(), null, null, Array.Empty<string>(), new HashSet<string> { Roles.Coordinator }, null,
                Trials.NodeClass(), new Dictionary<string, object>()));
        try
        {
            var run = Campaign.Calls.GetRun(node, runId);
            if (run is null)
            {
                node.Dispose(); // the journal's files are closed before a data directory made for nothing goes
                throw Campaign.Undo(opened, JournalCheck.UnknownRun(node, data, runId, "unknown run '" + runId + "' in " + data));
            }
            var files = new RunFiles(data, runId);
            var history = new RunHistory();
            var anomalies = new System.Collections.Concurrent.ConcurrentDictionary<string, List<Dream.Cluster.Runs.DomainEvent.AnomalyDetected>>();
            var operators = new OperatorLedger();
            RunProjector.Replay(node.System, runId, run.Domains, (d, e) =>
            {
                files.OnEvent(d, e);
                if (e is Dream.Cluster.Runs.DomainEvent.AnomalyDetected a) anomalies.GetOrAdd(d, _ => new()).Add(a);
                operators.OnEvent(d, e);
                if (html) history.OnEvent(d, e);
            }).WaitAsync(TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
            @out.WriteLine("run " + runId + "  seed " + run.Seed + "  started " + run.StartedAtUtc);
            var progress = files.Progress();
            foreach (var d in run.Domains)
            {
                if (!progress.TryGetValue(d, out var p))
                {
                    @out.WriteLine(d + ": not started");
                    continue;
                }
                long recorded = p.TrialIdCounts.Values.Sum(n => (long)n);
                long twice = p.TrialIdCounts.Values.Count(n => n > 1);
                @out.WriteLine($"{d}: generation {p.Generation + 1} of {run.Generations}, {p.Finished ?? "in progress"}");
                @out.WriteLine($"  trials recorded {recorded}, distinct trial ids {p.TrialIdCounts.Count}, recorded more than once {twice}");
                if (p.TrialsReused > 0) @out.WriteLine("  " + EvidenceFile.ReportLine(p));
                if (p.CandidatesReused > 0) @out.WriteLine($"  candidates reused {p.CandidatesReused} (their evidence was in the journal)");
                if (p.BestCandId is not null) @out.WriteLine($"  best {p.BestCandId} score_v2 {ProgressView.Fmt(p.BestScore)}{ProgressView.Ci(p.BestCi)}");
                foreach (var a in anomalies.GetValueOrDefault(d) ?? []) @out.WriteLine("  " + AnomalyTable.Line(a));
                foreach (var line in operators.Lines(d)) @out.WriteLine("  " + line);
            }
            @out.WriteLine("files: " + files.RunDir);
            if (html) WriteHtml(runId, history, outDir ?? Path.Combine(files.RunDir, "report"), @out);
            return ExitCodes.Ok;
        }
        finally
        {
            node.Dispose();
        }
    }

    private static void WriteHtml(string runId, RunHistory history, string outDir, TextWriter @out)
    {
        var report = HtmlReport.Of(runId, history);
        try
        {
            var written = ReportWriter.Write(outDir, report);
            @out.WriteLine($"report: {Path.Combine(Path.GetFullPath(outDir), ReportWriter.HtmlFile)} ({report.Figures.Count} figures, {written.Count} files)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, $"cannot write the report into {outDir}: {e.Message} (nothing was written)", e);
        }
    }
}
