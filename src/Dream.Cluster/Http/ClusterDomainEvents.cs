using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Http;

namespace Dream.Cluster.Http;

/// <summary>
/// <c>GET /cluster/domain-events[?type=MemberUp&amp;type=...]</c>: the cluster's membership, reachability and leader changes
/// as Server-Sent Events, the route Akka.Management's cluster HTTP module has. The stream opens with the current
/// state as events (every member's MemberUp, ...), then follows the changes until the client goes away.
/// </summary>
public static class ClusterDomainEvents
{
    /// <summary>One event of the stream: its SSE name (the event's type) and its JSON data.</summary>
    public sealed record Event(string Type, string Data);

    private static readonly JsonSerializerOptions Camel = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task Stream(ActorSystem system, HttpContext http)
    {
        var wanted = http.Request.Query["type"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var events = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });
        var forwarder = system.ActorOf(Props.Create(() => new Forwarder(events.Writer)));
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await foreach (var e in events.Reader.ReadAllAsync(http.RequestAborted))
            {
                if (wanted.Count > 0 && !wanted.Contains(e.Type)) continue;
                await http.Response.WriteAsync("event:" + e.Type + "\ndata:" + e.Data + "\n\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away: the end of the stream, not an error
        }
        finally
        {
            forwarder.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>The JSON data of a cluster event; null for the events this stream does not carry.</summary>
    public static Event? Of(ClusterEvent.IClusterDomainEvent e) => e switch
    {
        ClusterEvent.IMemberEvent m => Member(m.GetType().Name, m.Member),
        ClusterEvent.UnreachableMember u => Member("UnreachableMember", u.Member),
        ClusterEvent.ReachableMember r => Member("ReachableMember", r.Member),
        ClusterEvent.LeaderChanged l => new Event("LeaderChanged",
            JsonSerializer.Serialize(new { type = "LeaderChanged", address = l.Leader?.ToString() }, Camel)),
        _ => null,
    };

    private static Event Member(string type, Member m) =>
        new(type, JsonSerializer.Serialize(new { type, member = ClusterMembers.MemberOf(m) }, Camel));

    /// <summary>Subscribed for one client: the cluster extension talks to actors, the HTTP handler reads a channel.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        private readonly ChannelWriter<Event> _out;

        public Forwarder(ChannelWriter<Event> @out)
        {
            _out = @out;
            Receive<ClusterEvent.IClusterDomainEvent>(e =>
            {
                if (Of(e) is { } ev) _out.TryWrite(ev);
            });
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

        protected override void PostStop()
        {
            Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
            _out.TryComplete();
        }
    }
}
