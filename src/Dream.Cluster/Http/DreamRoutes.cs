using Akka.Actor;
using Dream.Core.Packs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dream.Cluster.Http;

/// <summary>
/// Dream's routes on the management endpoint, next to the cluster's and /metrics (see <see cref="Management"/>):
/// GET /dream/runs, /dream/runs/{runId}, /dream/baselines/{domain}[?node_class=..], /dream/trials, all JSON and
/// read-only, and the dashboard at /dream/ui/ (<see cref="DashboardRoutes"/>). A part of the cluster that did not answer in time is 503 (try again); anything else that fails is 500.
/// </summary>
public static class DreamRoutes
{
    /// <summary>Maps the routes; <c>dream.management.ask-timeout</c> bounds each question to the cluster.</summary>
    public static void Map(IEndpointRouteBuilder routes, ActorSystem system, NodeServices services)
    {
        var timeout = system.Settings.Config.GetTimeSpan("dream.management.ask-timeout", TimeSpan.FromSeconds(5));
        var q = new RunQueries(system, services, timeout);
        if (system.Settings.Config.GetBoolean("dream.management.warm-run-list", false)) q.WarmInBackground();
        routes.MapGet("/dream/runs", () => Answer(async () => Ok(await q.Runs())));
        routes.MapGet("/dream/runs/{runId}", (string runId) => Answer(async () => await q.Run(runId) is { } run
            ? Ok(run)
            : Management.JsonBody(new Views.Error($"no run {runId} in the journal; dream ctl runs lists them"), 404)));
        routes.MapGet("/dream/baselines/{domain}", (string domain, HttpRequest request) => Answer(async () =>
        {
            var file = await q.Baselines(domain, request.Query["node_class"].FirstOrDefault());
            return Results.Text(Json.Pretty(file) + "\n", "application/json", System.Text.Encoding.UTF8, 200);
        }));
        routes.MapGet("/dream/trials", () => Answer(async () => Ok(await q.Trials())));
        DashboardRoutes.Map(routes, system, q);
    }

    private static IResult Ok(object value) => Management.JsonBody(value);

    private static async Task<IResult> Answer(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    /// <summary>A part of the cluster that did not answer in time is 503 (try again); anything else is 500.</summary>
    public static IResult Failure(Exception e)
    {
        var cause = e is AggregateException { InnerException: { } inner } ? inner : e;
        bool timedOut = cause is AskTimeoutException or TimeoutException or TaskCanceledException || cause.GetType().Name.Contains("Timeout");
        return Management.JsonBody(new Views.Error((timedOut ? "the cluster did not answer in time: " : "") + cause.GetType().Name + ": " + cause.Message),
            timedOut ? 503 : 500);
    }
}
