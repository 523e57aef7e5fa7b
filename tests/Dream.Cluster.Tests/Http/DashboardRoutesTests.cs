using System.Net;
using System.Text.Json;
using Akka.Actor;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Cluster.Tests.Runs;

namespace Dream.Cluster.Tests.Http;

/// <summary>The dashboard at /dream/ui/ of a real node with a finished small sim run in its journal.</summary>
public sealed class DashboardRoutesTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan T = TimeSpan.FromSeconds(30);
    private const string RunId = "2025-01-01T00-00-00_rdash01";
    private readonly string _data = Directory.CreateTempSubdirectory("dream-dash-").FullName;
    private DreamNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await DreamNode.StartAsync(NodeSettings.Of(_data, "class-dash") with
        {
            Executor = new SimExecutor(),
            Overrides = new Dictionary<string, object> { ["akka.management.http.port"] = 0 },
        });
        var run = Fixtures.Run(RunId, "class-dash", 2, 2, 1);
        Assert.True((await _node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), T)).IsSuccess);
        Assert.True((await _node.Region(DomainCoordinator.TypeName).Ask<StatusReply<Akka.Done>>(new DomainCoordinator.Start(run, "sim"), T)).IsSuccess);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true) // until the journal says the domain finished
        {
            var view = await Get("/dream/runs/" + RunId);
            if (JsonDocument.Parse(view.Body).RootElement.GetProperty("domains")[0].GetProperty("outcome").ValueKind == JsonValueKind.String) break;
            Assert.True(DateTime.UtcNow < deadline, "the run did not finish: " + view.Body);
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private async Task<(HttpStatusCode Code, string Type, string Body)> Get(string path)
    {
        var r = await Http.GetAsync(new Uri(_node.ManagementUri!, path));
        return (r.StatusCode, r.Content.Headers.ContentType?.ToString() ?? "", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePageAndItsResourcesAreServedFromTheAssembly()
    {
        var page = await Get("/dream/ui/");
        Assert.Equal(HttpStatusCode.OK, page.Code);
        Assert.StartsWith("text/html", page.Type);
        Assert.Contains("<script src=\"app.js\"></script>", page.Body);
        Assert.DoesNotContain("http", page.Body); // nothing fetched from elsewhere
        var js = await Get("/dream/ui/app.js");
        Assert.Equal(HttpStatusCode.OK, js.Code);
        Assert.Contains("EventSource", js.Body);
        Assert.Equal(HttpStatusCode.OK, (await Get("/dream/ui/style.css")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/dream/ui/secrets.txt")).Code);
        var bare = await Http.GetAsync(new Uri(_node.ManagementUri!, "/dream/ui")); // redirected to the slash
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.EndsWith("/dream/ui/", bare.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task TheRunsListAndTheRunsPageComeFromTheJournal()
    {
        var list = await Get("/dream/ui/api/runs?filter=rdash&page=1&size=10");
        Assert.Equal(HttpStatusCode.OK, list.Code);
        var root = JsonDocument.Parse(list.Body).RootElement;
        Assert.Equal(1, root.GetProperty("total").GetInt32());
        var row = root.GetProperty("runs")[0];
        Assert.Equal(RunId, row.GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("domains")[0].GetProperty("best_score").ValueKind);
        Assert.Equal(0, JsonDocument.Parse((await Get("/dream/ui/api/runs?filter=no-such-thing")).Body).RootElement.GetProperty("total").GetInt32());

        var run = await Get("/dream/ui/api/runs/" + RunId);
        Assert.Equal(HttpStatusCode.OK, run.Code);
        var sim = JsonDocument.Parse(run.Body).RootElement.GetProperty("domains")[0];
        Assert.Equal("completed", sim.GetProperty("finished").GetString());
        Assert.Equal(2, sim.GetProperty("generations").GetArrayLength());
        Assert.True(sim.GetProperty("population").GetArrayLength() >= 2);
        Assert.True(sim.GetProperty("trials").GetInt32() > 0);
        Assert.Equal(JsonValueKind.String, sim.GetProperty("winner").GetProperty("cand_id").ValueKind);
        var knobs = sim.GetProperty("importance").EnumerateArray().Select(e => e.GetProperty("knob").GetString()).ToHashSet();
        Assert.Equal(JsonDocument.Parse(run.Body).RootElement.GetProperty("domains")[0].GetProperty("winner").GetProperty("genome")
            .EnumerateObject().Select(p => p.Name).ToHashSet(), knobs); // every knob ranked
        var rows = sim.GetProperty("winner_vs_baseline").EnumerateArray().ToList();
        Assert.NotEmpty(rows); // the forest plot's rows: per regime and KPI, in % of the baseline's mean
        Assert.All(rows, r => Assert.NotEqual(0, r.GetProperty("baseline_mean").GetDouble()));
        // asked again, the projection reads only what is new: the same answer
        Assert.Equal(run.Body, (await Get("/dream/ui/api/runs/" + RunId)).Body);
    }

    [Fact]
    public async Task AnUnknownRunIs404WithAMessage()
    {
        foreach (var path in new[] { "/dream/ui/api/runs/2020-01-01T00-00-00_rnope00", "/dream/ui/api/runs/2020-01-01T00-00-00_rnope00/events" })
        {
            var r = await Get(path);
            Assert.Equal(HttpStatusCode.NotFound, r.Code);
            Assert.Contains("no run 2020-01-01T00-00-00_rnope00 in the journal", r.Body);
        }
    }

    [Fact]
    public async Task TheRunIsStreamedAsServerSentEvents()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.GetAsync(new Uri(_node.ManagementUri!, $"/dream/ui/api/runs/{RunId}/events"),
            HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("event: run", await reader.ReadLineAsync(cancel.Token));
        var data = await reader.ReadLineAsync(cancel.Token);
        Assert.StartsWith("data: ", data);
        var view = JsonDocument.Parse(data!["data: ".Length..]).RootElement;
        Assert.Equal(RunId, view.GetProperty("run").GetProperty("run").GetProperty("run_id").GetString());
    }
}
