using Akka.Cluster.Sharding;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Routes Dream's sharded messages: those that name their entity (<see cref="IEntityMessage"/>) as they are
/// (Akka.NET unwraps a <see cref="ShardingEnvelope"/> itself). The one extractor every entity type of a node uses.
/// </summary>
public sealed class EntityExtractor() : HashCodeMessageExtractor(Shards)
{
    /// <summary>Shards per entity type: ten times the largest cluster Dream is meant for, so that rebalancing is fine-grained.</summary>
    public const int Shards = 100;

    public override string? EntityId(object message) => message switch
    {
        IEntityMessage m => m.EntityId,
        _ => null,
    };
}
