using Akka.Actor;
using Akka.Cluster;
using Dream.Cli.Commands;
using Dream.Cli.Tests.Commands;
using Dream.Cluster.Nodes;

namespace Dream.Cli.Tests.Ctl;

using Cli = Dream.Cli.Tests.Commands.Cli;

/// <summary><c>dream ctl leave|down</c> against a node whose management routes allow changes.</summary>
public sealed class CtlChangesTests
{
    [Fact]
    public async Task LeaveMakesTheMemberLeaveAndAnUnknownMemberIsBadUsage()
    {
        using var data = new TempDir();
        var node = await DreamNode.StartAsync(NodeSettings.Of(data.Path, "class-ctl") with
        {
            Roles = new HashSet<string> { DreamNode.Coordinator },
            Overrides = new Dictionary<string, object> { ["akka.management.http.port"] = 0, ["dream.management.read-only"] = false },
        });
        try
        {
            var endpoint = node.ManagementUri!.ToString();

            var unknown = Cli.Run("ctl", "down", "127.0.0.1:1", "--endpoint", endpoint);
            Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
            Assert.Contains("no member akka.tcp://Dream@127.0.0.1:1 in the cluster", unknown.Err);

            var removed = new TaskCompletionSource<MemberStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            node.System.ActorOf(Props.Create(() => new SelfRemoved(removed)));
            var hostPort = node.Address[(node.Address.IndexOf('@') + 1)..];
            var leave = Cli.Run("ctl", "leave", hostPort, "--endpoint", endpoint);
            Assert.True(leave.ExitCode == ExitCodes.Ok, leave.Err);
            Assert.Equal("Leaving " + node.Address, leave.Out.Trim());
            // A single node that leaves goes to Removed and its actor system shuts down. (Akka.NET's SelfMember keeps
            // saying Exiting after the shutdown, where Pekko's says Removed: the cluster's own MemberRemoved event tells.)
            await node.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(MemberStatus.Removed, await removed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await node.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

/// <summary>Tells the status of this node's own member when the cluster publishes its removal.</summary>
internal sealed class SelfRemoved : ReceiveActor
{
    public SelfRemoved(TaskCompletionSource<MemberStatus> removed)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            if (e.Member.UniqueAddress.Equals(cluster.SelfUniqueAddress)) removed.TrySetResult(e.Member.Status);
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent));
}
