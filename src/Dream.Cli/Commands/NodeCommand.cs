using System.CommandLine;
using Dream.Cluster.Nodes;

namespace Dream.Cli.Commands;

/// <summary>
/// <c>dream node</c>: a long-lived cluster member. A runner takes trials from any run of the cluster; a coordinator
/// hosts its share of the runs' coordinators and the trial dispatcher. It leaves on SIGTERM or Ctrl-C (exit 130, see
/// <see cref="Interruption"/>) or on <c>dream ctl leave</c> (exit 0), finishing its trials in flight first.
/// </summary>
public static class NodeCommand
{
    /// <summary>The usual cluster port, so that a seed node can be named without looking it up.</summary>
    public const int DefaultPort = 7355;

    public static Command Create()
    {
        var command = new Command("node", "Run a cluster node (runner and/or coordinator) until stopped.");
        var common = new CommonOptions(command);
        var node = new NodeOptions(command, DefaultPort);
        command.SetAction(r => Call(common.Read(r), node.Read(r), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    public static int Call(CommonValues common, NodeValues options, TextWriter @out, TextWriter err)
    {
        options.Validated();
        var node = Campaign.StartNode(Campaign.DataDir(common), err, new HashSet<string>(),
            data => new NodeSettings(data, common.HoconFiles(), options.Host, options.Port, options.Join, new HashSet<string>(options.Roles),
                options.Has(Roles.Runner) ? Trials.Executor(data) : null, Trials.NodeClass(), options.ManagementOverrides(warmRunList: true)));
        // Stopped (SIGTERM), this node leaves gracefully: the node's coordinated shutdown lets its trials in flight finish.
        @out.WriteLine("node " + node.Address + "  roles " + string.Join(",", options.Roles) + "  node class " + node.NodeClass
            + (options.Join.Count == 0 ? "  (first node: others join with --join " + HostPort(node, options) + ")" : "  joined " + string.Join(",", options.Join)));
        @out.Flush();
        Interruption.Notice("dream: stopping; this node leaves the cluster once its trials in flight are finished");
        node.System.WhenTerminated.GetAwaiter().GetResult();
        // Downed by the others (unreachable past the Split Brain Resolver's stable-after: frozen, partitioned), the node
        // has shut itself down; a supervisor must see that as a failure, so that it starts the node again.
        if (Akka.Actor.CoordinatedShutdown.Get(node.System).ShutdownReason is Akka.Actor.CoordinatedShutdown.ClusterDowningReason)
        {
            err.WriteLine("dream: node " + node.Address + " was downed by the cluster (unreachable too long: a pause or a partition) and"
                + " has stopped; its trials in flight are run again elsewhere. Start it again to rejoin.");
            err.Flush();
            return ExitCodes.Infrastructure;
        }
        @out.WriteLine("node " + node.Address + " left the cluster");
        @out.Flush();
        return ExitCodes.Ok;
    }

    private static string HostPort(DreamNode node, NodeValues options)
    {
        var a = ((Akka.Actor.ExtendedActorSystem)node.System).Provider.DefaultAddress;
        return (a.Host ?? options.Host ?? "127.0.0.1") + ":" + (a.Port ?? options.Port ?? DefaultPort);
    }
}
