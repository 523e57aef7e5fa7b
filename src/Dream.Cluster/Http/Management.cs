using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Event;
using Dream.Cluster.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dream.Cluster.Http;

/// <summary>
/// The management endpoint of a node, on Kestrel: the cluster's routes (members, shards, health, in the
/// shape Akka.Management answers them), /metrics, and whatever else the node maps (Dream's /dream routes),
/// on <c>akka.management.http.hostname:port</c> (127.0.0.1:7626 by default). When the port is taken and
/// <c>dream.management.port-in-use = fallback</c> it binds a free port instead, so that two local nodes never
/// collide, and says where it listens.
/// </summary>
public sealed class Management : IAsyncDisposable
{
    private readonly WebApplication _app;

    public Uri Uri { get; }

    private Management(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    /// <summary>
    /// The started endpoint; null when <c>dream.management.enabled</c> is off. <paramref name="routes"/> adds
    /// routes of the caller's (Dream's /dream routes). Stops in the node's coordinated shutdown, after the
    /// trial runner has drained, so that <c>dream ctl</c> can watch a node leave.
    /// </summary>
    public static async Task<Management?> StartIfEnabled(ActorSystem system, NodeServices services, Action<IEndpointRouteBuilder>? routes = null)
    {
        var config = system.Settings.Config;
        if (!config.GetBoolean("dream.management.enabled", true)) return null;
        Metrics.Metrics.Get(system).ObserveCluster(system);
        var host = config.GetString("akka.management.http.hostname", "127.0.0.1");
        int port = config.GetInt("akka.management.http.port", 7626);
        var inUse = config.GetString("dream.management.port-in-use", "fallback");
        if (inUse is not ("fallback" or "fail"))
            throw new InfrastructureException($"dream.management.port-in-use must be fallback or fail, not '{inUse}'");
        if (!IPAddress.TryParse(host, out var address))
        {
            address = host == "localhost" ? IPAddress.Loopback
                : (await Dns.GetHostAddressesAsync(host)).FirstOrDefault() ?? throw new InfrastructureException($"akka.management.http.hostname {host} does not resolve");
        }
        bool fallback = false;
        if (port != 0 && Taken(address, port))
        {
            if (inUse == "fail") throw new InfrastructureException(InUseMessage(host, port));
            fallback = true;
        }
        WebApplication app;
        try
        {
            app = await Bind(system, services, config, address, fallback ? 0 : port, routes);
        }
        catch (IOException) when (port != 0 && !fallback && inUse == "fallback")
        {
            fallback = true; // taken in the instant between the look and the bind
            app = await Bind(system, services, config, address, 0, routes);
        }
        catch (IOException e)
        {
            throw new InfrastructureException(port != 0 && inUse == "fail" ? InUseMessage(host, port)
                : $"cannot start the management endpoint on {host}:{port}: {e.Message} (choose another port with --management-port or akka.management.http.port, or turn it off with dream.management.enabled = off)", e);
        }
        int bound = BoundPort(app);
        if (fallback)
            system.Log.Warning("management port {0}:{1} is in use; this node's management endpoint is on port {2} instead", host, port, bound);
        var management = new Management(app, new Uri($"http://{HostForUri(host)}:{bound}"));
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-management-endpoint", async () =>
        {
            await management.DisposeAsync();
            return Akka.Done.Instance;
        });
        return management;
    }

    private static string InUseMessage(string host, int port) =>
        $"the management port {host}:{port} is in use (another dream node?); choose another with --management-port "
        + "or akka.management.http.port, 0 for a free one, or turn the endpoint off with dream.management.enabled = off";

    private static async Task<WebApplication> Bind(ActorSystem system, NodeServices services, Config config, IPAddress address, int port,
        Action<IEndpointRouteBuilder>? routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(address, port));
        builder.Services.AddSingleton(system);
        builder.Services.AddSingleton(services);
        // The web host's default lifetime takes SIGTERM and SIGINT for itself and stops the node before the CLI's own
        // handler can set exit status 130: the node's signals belong to the CLI, this host only serves.
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        var app = builder.Build();
        MapClusterRoutes(app, system, config.GetBoolean("dream.management.read-only", true));
        routes?.Invoke(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }

    private static bool Taken(IPAddress address, int port)
    {
        try
        {
            var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // not ours to judge: the real bind reports it
        }
    }

    private static string HostForUri(string host) => host.Contains(':') && !host.StartsWith('[') ? "[" + host + "]" : host;

    public static IResult JsonBody(object value, int status = 200) =>
        Results.Text(JsonSerializer.Serialize(value, value.GetType(), Views.Json) + "\n", "application/json", System.Text.Encoding.UTF8, status);

    /// <summary>The cluster's routes, with Akka.Management's paths and bodies, plus /metrics.</summary>
    private static void MapClusterRoutes(WebApplication app, ActorSystem system, bool readOnly)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var camel = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
        IResult Camel(object v, int status = 200) =>
            Results.Text(JsonSerializer.Serialize(v, v.GetType(), camel) + "\n", "application/json", System.Text.Encoding.UTF8, status);

        app.MapGet("/alive", () => Results.Text("OK"));
        app.MapGet("/ready", () => cluster.SelfMember.Status is MemberStatus.Up or MemberStatus.WeaklyUp
            ? Results.Text("OK")
            : Results.Text($"not ready: {cluster.SelfMember.Status}", statusCode: 503));
        app.MapGet("/metrics", () => Results.Text(Metrics.Metrics.Get(system).Scrape(), Metrics.Metrics.ContentType));
        app.MapGet("/cluster/members", () => Camel(ClusterMembers.Of(cluster)));
        app.MapGet("/cluster/members/{address}", (string address) =>
            Find(cluster, address) is { } m ? Camel(ClusterMembers.MemberOf(m)) : Camel(new { message = $"Member [{address}] not found" }, 404));
        app.MapMethods("/cluster/members/{address}", ["PUT"], async (string address, HttpRequest request) =>
        {
            if (readOnly) return Results.StatusCode(405);
            var form = await request.ReadFormAsync();
            if (Find(cluster, address) is not { } m) return Camel(new { message = $"Member [{address}] not found" }, 404);
            switch (form["operation"].ToString().ToLowerInvariant())
            {
                case "leave": cluster.Leave(m.Address); return Camel(new { message = $"Leaving {m.Address}" });
                case "down": cluster.Down(m.Address); return Camel(new { message = $"Downing {m.Address}" });
                default: return Camel(new { message = "operation must be Leave or Down" }, 400);
            }
        });
        app.MapDelete("/cluster/members/{address}", (string address) =>
        {
            if (readOnly) return Results.StatusCode(405);
            if (Find(cluster, address) is not { } m) return Camel(new { message = $"Member [{address}] not found" }, 404);
            cluster.Leave(m.Address);
            return Camel(new { message = $"Leaving {m.Address}" });
        });
        app.MapGet("/cluster/domain-events", (HttpContext http) => ClusterDomainEvents.Stream(system, http));
        app.MapGet("/cluster/shards/{name}", async (string name) =>
        {
            try
            {
                var region = ClusterSharding.Get(system).ShardRegion(name);
                var stats = await region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, TimeSpan.FromSeconds(5));
                return Camel(new { regions = stats.Stats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new { shardId = kv.Key, numEntities = kv.Value }).ToList() });
            }
            catch (ArgumentException)
            {
                return Camel(new { message = $"Shard Region [{name}] not found" }, 404);
            }
            catch (AskTimeoutException)
            {
                return Camel(new { message = $"Shard Region [{name}] did not answer in time" }, 503);
            }
        });
    }

    /// <summary>The member named by its full address, by SYSTEM@HOST:PORT, or by a full address of another protocol
    /// (dream ctl writes akka.tcp:// where a TLS cluster's members are akka.ssl.tcp://).</summary>
    private static Member? Find(Akka.Cluster.Cluster cluster, string address)
    {
        // Kestrel decodes a path but leaves %2F encoded, so the route value of akka.tcp%3A%2F%2F... is akka.tcp:%2F%2F...
        address = Uri.UnescapeDataString(address);
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        var hostPort = scheme < 0 ? address : address[(scheme + 3)..];
        return cluster.State.Members.FirstOrDefault(m => m.Address.ToString() == address || m.Address.HostPort() == hostPort);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token);
        }
        catch (ObjectDisposedException)
        {
            return; // stopped already
        }
        await _app.DisposeAsync();
    }
}

/// <summary>The body of /cluster/members, as Akka.Management writes it.</summary>
public static class ClusterMembers
{
    public sealed record MemberView(string Node, string NodeUid, string Status, IReadOnlyList<string> Roles);
    public sealed record UnreachableView(string Node, IReadOnlyList<string> ObservedBy);
    public sealed record Members(string SelfNode, IReadOnlyList<MemberView> MemberList, IReadOnlyList<UnreachableView> Unreachable,
        string? Leader, string? Oldest, IReadOnlyDictionary<string, string> OldestPerRole)
    {
        [System.Text.Json.Serialization.JsonPropertyName("members")]
        public IReadOnlyList<MemberView> MemberList { get; init; } = MemberList;
    }

    public static MemberView MemberOf(Member m) =>
        new(m.Address.ToString(), m.UniqueAddress.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Status.ToString(),
            m.Roles.Order(StringComparer.Ordinal).ToList());

    public static Members Of(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        var up = members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting).ToList();
        var oldest = up.Count == 0 ? null : up.Aggregate((a, b) => b.IsOlderThan(a) ? b : a);
        var perRole = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in up.SelectMany(m => m.Roles).Distinct())
        {
            var o = up.Where(m => m.HasRole(role)).Aggregate((a, b) => b.IsOlderThan(a) ? b : a);
            perRole[role] = o.Address.ToString();
        }
        return new Members(
            cluster.SelfAddress.ToString(),
            members.Select(MemberOf).ToList(),
            state.Unreachable.Select(m => new UnreachableView(m.Address.ToString(),
                state.SeenBy.Where(a => a != m.Address).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList())).ToList(),
            state.Leader?.ToString(), oldest?.Address.ToString(), perRole);
    }
}

/// <summary>A host lifetime that ignores signals: the management endpoint is stopped with the node, never on its own.</summary>
internal sealed class NoSignalsLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
