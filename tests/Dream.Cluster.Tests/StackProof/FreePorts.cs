using System.Net;
using System.Net.Sockets;

namespace Dream.Cluster.Tests.StackProof;

public static class FreePorts
{
    /// <summary>A loopback TCP port that was free a moment ago (seed nodes need their port before they start).</summary>
    public static int Next()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        try { return ((IPEndPoint)l.LocalEndpoint).Port; }
        finally { l.Stop(); }
    }
}
