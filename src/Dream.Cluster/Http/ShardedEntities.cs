using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Dream.Cluster.Http;

/// <summary>
/// Which entities of a sharded type are alive right now, and where: asks the shard region of every member
/// with the given role for its state. Nothing is started by asking (unlike a message to an entity).
/// </summary>
public static class ShardedEntities
{
    /// <summary>Entity id → address of the node hosting it; <see cref="Complete"/> is false when some region did not answer.</summary>
    public sealed record Alive(IReadOnlyDictionary<string, string> Where, bool Complete);

    public static async Task<Alive> AliveAsync(ActorSystem system, string typeName, string role, TimeSpan timeout)
    {
        var where = new ConcurrentDictionary<string, string>();
        bool complete = true;
        var asks = new List<Task>();
        foreach (var m in Akka.Cluster.Cluster.Get(system).State.Members)
        {
            if (!m.HasRole(role) || m.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)) continue;
            var region = system.ActorSelection(new RootActorPath(m.Address) / "system" / "sharding" / typeName);
            asks.Add(Ask(region, m.Address.ToString()));
        }
        await Task.WhenAll(asks);
        return new Alive(new Dictionary<string, string>(where), complete);

        async Task Ask(ActorSelection region, string address)
        {
            try
            {
                var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout);
                foreach (var shard in state.Shards)
                    foreach (var id in shard.EntityIds) where[id] = address;
                if (state.Failed.Count > 0) complete = false;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or ActorNotFoundException)
            {
                complete = false;
            }
        }
    }
}
