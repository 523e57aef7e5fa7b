using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary><c>dream node</c> in its own process, stopped the way a supervisor (systemd, docker stop) stops it.</summary>
public sealed class NodeEndToEndTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ANodeStoppedBySigtermLeavesTheClusterAndExits130()
    {
        // A runner-only node needs no journal, so this needs no PostgreSQL.
        int port = LocalCluster.FreePort();
        var node = DreamProcess.Start(_work.Path, E2e.NoEnv, "node", "--roles", "runner", "--port", port.ToString(),
            "--management-port", "0", "--data", _work.Resolve("data"));
        try
        {
            var address = "akka.tcp://Dream@127.0.0.1:" + port;
            LocalCluster.Await(node, new Regex("^node " + Regex.Escape(address) + "  roles runner", RegexOptions.Multiline),
                LocalCluster.StartTimeout, "the node to be up");
            var stopped = node.Stop(120);
            Assert.True(stopped.Exit == 130, stopped.Output);
            Assert.True(stopped.Output.Contains("dream: stopping; this node leaves the cluster once its trials in flight are finished"), stopped.Output);
            Assert.True(stopped.Output.Contains("node " + address + " left the cluster"), stopped.Output);
            E2e.AssertNoStackTrace(stopped.Output);
        }
        finally
        {
            node.Kill();
        }
    }
}
