namespace Dream.Cluster;

/// <summary>
/// A message to a Cluster Sharding entity that names the entity itself, so that it can be sent to the shard
/// region as it is (DreamNode's extractor reads the id from it); a message that does not can be wrapped in
/// Akka.NET's <c>ShardingEnvelope</c>.
/// </summary>
public interface IEntityMessage
{
    string EntityId { get; }
}
