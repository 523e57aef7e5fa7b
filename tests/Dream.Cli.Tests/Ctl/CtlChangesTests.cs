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

            var leaving = new TaskCompletionSource<MemberStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            node.System.ActorOf(Props.Create(() => new SelfLeaving(leaving)));
            var hostPort = node.Address[(node.Address.IndexOf('@') + 1)..];
            var leave = Cli.Run("ctl", "leave", hostPort, "--endpoint", endpoint);
            Assert.True(leave.ExitCode == ExitCodes.Ok, leave.Err);
            Assert.Equal("Leaving " + node.Address, leave.Out.Trim());
            // A single node that leaves goes through Leaving or Exiting and its actor system shuts down. The cluster's own
            // events tell the first: its MemberRemoved for itself comes only while the cluster daemon stops, racing the
            // stop of the actor that listens (CI saw it missed once), and Akka.NET's SelfMember keeps saying Exiting.
            var status = await leaving.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains(status, new[] { MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Removed });
            await node.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await node.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}

/// <summary>Tells the status of this node's own member when the cluster first publishes that it leaves.</summary>
internal sealed class SelfLeaving : ReceiveActor
{
    public SelfLeaving(TaskCompletionSource<MemberStatus> leaving)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            var self = e.Member.UniqueAddress.Equals(cluster.SelfUniqueAddress);
            if (self && e is ClusterEvent.MemberLeft or ClusterEvent.MemberExited or ClusterEvent.MemberRemoved)
                leaving.TrySetResult(e.Member.Status);
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent));
}
