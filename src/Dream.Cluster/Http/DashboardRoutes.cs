using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Dream.Cluster.Reports;
using Dream.Trials;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dream.Cluster.Http;

/// <summary>
/// The read-only dashboard at <c>/dream/ui/</c>: plain HTML, JS and CSS embedded in this assembly (no Node toolchain),
/// fed by the <c>/dream</c> JSON routes and by <c>/dream/ui/api/…</c>: a page of the runs with each domain's best
/// score, one run's figures' data aggregated on the server from the journal's projection
/// (<see cref="RunHistories"/>), and the same as Server-Sent Events whenever it changes.
/// </summary>
public static class DashboardRoutes
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder routes, ActorSystem system, RunQueries q)
    {
        var histories = new RunHistories(system);
        // Routing takes /dream/ui and /dream/ui/ for one path; the page's relative links need the slash.
        routes.MapGet("/dream/ui", (HttpRequest request) =>
            request.Path.Value?.EndsWith('/') == true ? Resource("index.html") : Results.Redirect("/dream/ui/"));
        routes.MapGet("/dream/ui/{file}", (string file) => Files.ContainsKey(file)
            ? Resource(file)
            : Management.JsonBody(new Views.Error($"no file {file} in the dashboard"), 404));
        routes.MapGet("/dream/ui/api/runs", (HttpRequest request) => Answer(async () =>
        {
            var filter = request.Query["filter"].FirstOrDefault() ?? "";
            int page = int.TryParse(request.Query["page"].FirstOrDefault(), out var p) && p > 0 ? p : 1;
            int size = int.TryParse(request.Query["size"].FirstOrDefault(), out var s) && s is > 0 and <= 200 ? s : 25;
            return Management.JsonBody(RunList(await q.RunDetails(), filter, page, size));
        }));
        routes.MapGet("/dream/ui/api/runs/{runId}", (string runId, HttpContext http) => Answer(async () =>
            await View(q, histories, runId, http.RequestAborted) is { } view
                ? Management.JsonBody(view)
                : NoRun(runId)));
        routes.MapGet("/dream/ui/api/runs/{runId}/events", (string runId, HttpContext http) => Stream(q, histories, runId, http));
    }

    /// <summary>One page of the run list (newest first) with each domain's progress and best score, from the projection.</summary>
    public static object RunList(IReadOnlyList<Views.RunDetail> runs, string filter, int page, int size)
    {
        var all = runs
            .Where(r => filter.Length == 0 || r.Run.RunId.Contains(filter, StringComparison.OrdinalIgnoreCase)
                || r.Run.State.Contains(filter, StringComparison.OrdinalIgnoreCase)
                || r.Run.Domains.Any(d => d.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var rows = all.Skip((page - 1) * size).Take(size).Select(r => new
        {
            run = r.Run,
            domains = r.Domains.Select(d => new { d.Domain, d.State, d.Generation, d.Generations, d.TrialsRecorded, d.BestCandId, d.BestScore }),
        }).ToList();
        return new { total = all.Count, page, size, runs = rows };
    }

    private static IResult NoRun(string runId) =>
        Management.JsonBody(new Views.Error($"no run {runId} in the journal; /dream/runs lists them"), 404);

    private static IResult Resource(string file)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("dream-ui/" + file)
            ?? throw new InvalidOperationException("the dashboard's " + file + " is not embedded");
        using var reader = new StreamReader(s);
        return Results.Text(reader.ReadToEnd(), Files[file]);
    }

    /// <summary>What one run's page shows: its progress, and per domain the data of the report's figures, aggregated here.</summary>
    public static async Task<object?> View(RunQueries q, RunHistories histories, string runId, CancellationToken cancel)
    {
        if (await q.Run(runId) is not { } detail) return null;
        var history = await histories.Of(runId, detail.Run.Domains, cancel);
        var domains = history.Domains().Values.Select(d =>
        {
            var w = d.Winner();
            var spec = history.Run is { } r && r.Plans.TryGetValue(d.Name, out var plan) ? plan.Domain : null;
            return new
            {
                domain = d.Name,
                finished = d.Finished,
                generations = d.Generations.OrderBy(g => g.Generation).Select(g => new
                {
                    generation = g.Generation, best = g.BestScore, ci95 = g.BestScoreCi95, g.Safe, g.Evaluated,
                }),
                // [generation, score] of every scored candidate: the population of the score figure
                population = d.Candidates.Where(c => c.Score is not null).Select(c => new[] { c.Generation, c.Score!.Value }),
                winner = w is null ? null : new { cand_id = w.CandId, w.Generation, score = w.Score, ci95 = w.Pack.Aggregate.ScoreCi95, genome = w.Pack.Genome.Values },
                importance = Importance(d, spec),
                winner_vs_baseline = WinnerVsBaseline.Rows(d, spec).Select(r => new
                {
                    r.Regime, r.Kpi, r.Unit, better = r.Better?.ToString().ToLowerInvariant(), winner_pct = r.Winner, winner_ci95_pct = r.WinnerCi,
                    baseline_ci95_pct = r.BaselineCi, r.BaselineMean,
                }),
                anomalies = d.Anomalies.Select(a => new { a.Generation, a.Kind, a.Subject, a.Value, a.Threshold, a.Detail, at_utc = a.AtUtc }),
                trials = d.Trials.Count,
                failed = d.Trials.Count(t => t.Outcome.IsFailure()),
                cap_breaches = d.Trials.Count(t => t.Outcome == TrialOutcome.CapBreach),
                by_node = d.Trials.GroupBy(t => t.Node).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new { node = g.Key, trials = g.Count(), failed = g.Count(t => t.Outcome.IsFailure()), cap_breaches = g.Count(t => t.Outcome == TrialOutcome.CapBreach) }),
            };
        }).ToList();
        return new { run = detail, domains };
    }

    /// <summary>The knob ranking of the report (<see cref="KnobImportance"/>), each distinctly measured scored candidate once.</summary>
    private static IReadOnlyList<KnobImportance.Entry> Importance(RunHistory.Domain d, Dream.Core.Domain.DomainSpec? spec)
    {
        var knobs = spec?.Knobs.Select(k => k.Name).ToList() ?? d.Candidates.SelectMany(c => c.Pack.Genome.Values.Keys).Distinct().ToList();
        var categorical = spec?.Knobs.Where(k => k is Dream.Core.Domain.ChoiceKnob or Dream.Core.Domain.BoolKnob).Select(k => k.Name)
            .ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal);
        var samples = d.Candidates.Where(c => c.Score is not null && c.ReusedFrom is null)
            .Select(c => new KnobImportance.Sample(c.Pack.Genome.Values, c.Score!.Value)).ToList();
        return KnobImportance.Rank(samples, knobs, categorical);
    }

    /// <summary>The run's view as Server-Sent Events (<c>event: run</c>), sent at once and again whenever it changes.</summary>
    private static async Task Stream(RunQueries q, RunHistories histories, string runId, HttpContext http)
    {
        var cancel = http.RequestAborted;
        try
        {
            var first = await View(q, histories, runId, cancel);
            if (first is null)
            {
                await NoRun(runId).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            string? last = null;
            var quiet = 0;
            for (var view = first; ; view = await View(q, histories, runId, cancel))
            {
                var json = JsonSerializer.Serialize(view, Views.Json).Replace("\n", "", StringComparison.Ordinal);
                if (json != last)
                {
                    await http.Response.WriteAsync("event: run\ndata: " + json + "\n\n", cancel);
                    last = json;
                    quiet = 0;
                }
                else if (++quiet % 15 == 0) await http.Response.WriteAsync(": still here\n\n", cancel); // keeps proxies from closing it
                await http.Response.Body.FlushAsync(cancel);
                await Task.Delay(TimeSpan.FromSeconds(1), cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away: the end of the stream, not an error
        }
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (Exception e)
        {
            return DreamRoutes.Failure(e);
        }
    }
}
