namespace Dream.Cluster.Nodes;

/// <summary>The database or the cluster cannot be reached: the CLI exits with status 3, state untouched.</summary>
public sealed class InfrastructureException : Exception
{
    public InfrastructureException(string message) : base(message) { }

    public InfrastructureException(string message, Exception cause) : base(message, cause) { }
}
