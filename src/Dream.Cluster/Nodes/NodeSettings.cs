using Dream.Trials;

namespace Dream.Cluster.Nodes;

/// <summary>
/// How to start this process's cluster node. <see cref="Host"/>/<see cref="Port"/> null: loopback and a free port;
/// <see cref="Join"/> empty: form a single-node cluster; <see cref="Executor"/>: how this node runs trials (needed
/// with the runner role); <see cref="Overrides"/>: settings given on the command line (e.g. --management-port),
/// above the --hocon files. Build it by name: <c>NodeSettings.Of(data, nodeClass) with { Roles = ..., Join = ... }</c>.
/// </summary>
public sealed record NodeSettings(
    string DataDir,
    IReadOnlyList<string> HoconFiles,
    string? Host,
    int? Port,
    IReadOnlyList<string> Join,
    IReadOnlySet<string> Roles,
    ITrialExecutor? Executor,
    string NodeClass,
    IReadOnlyDictionary<string, object>? Overrides = null)
{
    public IReadOnlyDictionary<string, object> Overrides { get; init; } = Overrides ?? new Dictionary<string, object>();

    /// <summary>A single-node cluster with both roles, on loopback, without an executor.</summary>
    public static NodeSettings Of(string dataDir, string nodeClass) =>
        new(dataDir, [], null, null, [], new HashSet<string> { DreamNode.Coordinator, DreamNode.Runner }, null, nodeClass);

    /// <summary>Part of a multi-node cluster: joining one, or started as a node that others join.</summary>
    public bool Clustered => Join.Count > 0 || Port != null;
}
