using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Dream.Cluster.Http;
using Dream.Cluster.Metrics;
using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Http;

/// <summary>Where the endpoint binds (loopback, the configured port, a taken port) and what its cluster routes answer.</summary>
public sealed class ManagementTests : IAsyncLifetime
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dream-mgmt-").FullName;
    private readonly List<ActorSystem> _systems = [];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _systems) await s.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(_tmp, recursive: true);
    }

    /// <summary>A single-node cluster on Dream's defaults, Up, with these settings over them.</summary>
    private async Task<ActorSystem> Node(Dictionary<string, object> settings)
    {
        var config = NodeConfig.Build(Path.Combine(_tmp, "data"), [], null, null, [], ["coordinator", "runner"], settings,
            new Dictionary<string, string>());
        var system = ActorSystem.Create(NodeConfig.SystemName, config);
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return system;
    }

    private static TcpListener Occupy()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return l;
    }

    [Fact]
    public async Task ATakenPortFallsBackToAFreeOneByDefault()
    {
        using var other = new DisposableListener(Occupy());
        var system = await Node(new() { ["akka.management.http.port"] = other.Port });
        await using var m = (await Management.StartIfEnabled(system, new NodeServices(null, "c")))!;
        Assert.Equal("127.0.0.1", m.Uri.Host);
        Assert.NotEqual(other.Port, m.Uri.Port);
        var alive = await Http.GetAsync(new Uri(m.Uri, "/alive"));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task ATakenPortIsAnErrorWhenThePortWasChosen()
    {
        using var other = new DisposableListener(Occupy());
        var system = await Node(new() { ["akka.management.http.port"] = other.Port, ["dream.management.port-in-use"] = "fail" });
        var e = await Assert.ThrowsAsync<InfrastructureException>(() => Management.StartIfEnabled(system, new NodeServices(null, "c")));
        Assert.Contains($"127.0.0.1:{other.Port} is in use", e.Message);
        Assert.Contains("--management-port", e.Message);
    }

    [Fact]
    public async Task OffMeansNoEndpoint()
    {
        var system = await Node(new() { ["dream.management.enabled"] = false });
        Assert.Null(await Management.StartIfEnabled(system, new NodeServices(null, "c")));
    }

    [Fact]
    public async Task ClusterRoutesShowThisNodeUpAndItIsHealthyAndReadOnly()
    {
        var system = await Node(new() { ["akka.management.http.port"] = 0 });
        await using var m = (await Management.StartIfEnabled(system, new NodeServices(null, "c"), r =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(r, "/dream/extra", () => "added")))!;
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();

        using var members = JsonDocument.Parse(await Http.GetStringAsync(new Uri(m.Uri, "/cluster/members")));
        var root = members.RootElement;
        Assert.Equal(self, root.GetProperty("selfNode").GetString());
        Assert.Equal(self, root.GetProperty("leader").GetString());
        var only = Assert.Single(root.GetProperty("members").EnumerateArray());
        Assert.Equal(self, only.GetProperty("node").GetString());
        Assert.Equal("Up", only.GetProperty("status").GetString());
        var roles = only.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("coordinator", roles);
        Assert.Contains("runner", roles);

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(m.Uri, "/ready"))).StatusCode);
        Assert.Equal("added", await Http.GetStringAsync(new Uri(m.Uri, "/dream/extra")));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(m.Uri, "/cluster/shards/NoSuchType"))).StatusCode);

        var member = new Uri(m.Uri, "/cluster/members/" + Uri.EscapeDataString(self));
        var leave = new FormUrlEncodedContent([new("operation", "Leave")]);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Http.PutAsync(member, leave)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Http.DeleteAsync(member)).StatusCode);
        Assert.Equal(MemberStatus.Up, Akka.Cluster.Cluster.Get(system).SelfMember.Status);

        var metrics = await Http.GetAsync(new Uri(m.Uri, "/metrics"));
        Assert.StartsWith("text/plain; version=0.0.4", metrics.Content.Headers.ContentType!.ToString());
        var samples = PrometheusText.Parse(await metrics.Content.ReadAsStringAsync());
        Assert.Equal(1.0, PrometheusText.Value(samples, "dream_cluster_members", new Dictionary<string, string> { ["status"] = "up" }));
        Assert.Equal(0.0, PrometheusText.Value(samples, "dream_cluster_members", new Dictionary<string, string> { ["status"] = "unreachable" }));
    }

    [Fact]
    public async Task DomainEventsStreamTheMembershipAsServerSentEvents()
    {
        var system = await Node(new() { ["akka.management.http.port"] = 0 });
        await using var m = (await Management.StartIfEnabled(system, new NodeServices(null, "c")))!;
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(m.Uri, "/cluster/domain-events?type=MemberUp"));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stream opens with the current state as events: this node's MemberUp (the filter leaves out LeaderChanged).
        var lines = new List<string>();
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync()) lines.Add(line);
        Assert.Equal("event:MemberUp", lines[0]);
        var data = Assert.Single(lines, l => l.StartsWith("data:"));
        using var json = JsonDocument.Parse(data["data:".Length..]);
        Assert.Equal("MemberUp", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(self, json.RootElement.GetProperty("member").GetProperty("node").GetString());
        Assert.Equal("Up", json.RootElement.GetProperty("member").GetProperty("status").GetString());
    }

    private sealed class DisposableListener(TcpListener l) : IDisposable
    {
        public int Port => ((IPEndPoint)l.LocalEndpoint).Port;
        public void Dispose() => l.Stop();
    }
}
