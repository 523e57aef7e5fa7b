using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dream.Trials.Processes;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// <c>iperf3</c>: an iperf3 client with the regime's <c>args</c> (e.g. <c>["-P", "4"]</c> or <c>["-u", "-b",
/// "1G"]</c>; "{knob}" takes the candidate's value) for the regime's duration, whole seconds
/// (<see cref="Iperf3Result"/>).
/// <para>
/// Without <c>-c HOST</c> in the args, the test runs over loopback: Dream starts its own one-off server,
/// <c>iperf3 -s -1 -B 127.0.0.1 -p &lt;free port&gt;</c>, for each client run, so nothing listens beyond loopback and
/// nothing is left running. With <c>-c HOST</c> the args name a server that must already run there. Dream sets
/// <c>-t</c> and <c>-J</c>; options that would make this a server, a daemon or write files are refused. The warm-up
/// runs one client for warmup_s.
/// </para>
/// </summary>
public sealed class Iperf3Workload(Tools tools) : ToolWorkload(Tool, tools, Owned,
    "Dream sets the test time and reads the JSON result, and runs the client only",
    new Dictionary<string, string> { ["p95_latency_ms"] = NotLatency })
{
    public const string Tool = "iperf3";
    internal const string NotLatency = "iperf3 measures throughput, not the latency of requests";
    private const long ServerStartMs = 5000;
    private static readonly IReadOnlyList<string> Owned =
    [
        "-t", "--time", "-n", "--bytes", "-k", "--blockcount", "-J", "--json", "--logfile", "-s", "--server",
        "-D", "--daemon", "-I", "--pidfile", "-1", "--one-off", "--json-stream",
    ];
    private static readonly IReadOnlySet<string> Measured = new HashSet<string> { Iperf3Result.Throughput, Iperf3Result.Retransmits };

    public override IReadOnlySet<string> Kpis => Measured;

    internal override IReadOnlyList<string> Args(WorkloadContext ctx)
    {
        var args = base.Args(ctx);
        if (ToolArgs.Value(args, "-c", "--client") is null && (ToolArgs.Has(args, "-p") || ToolArgs.Has(args, "--port")))
            throw new ArgumentException("iperf3 -p is only allowed together with -c HOST: over loopback Dream picks a free port for its own server");
        return args;
    }

    public override void WarmUp(WorkloadContext ctx) =>
        WarmUpWholeSeconds(ctx, (args, seconds) => Client(ctx, args, seconds, "iperf3-warmup"));

    public override WorkloadResult Run(WorkloadContext ctx)
    {
        var output = Client(ctx, Args(ctx), ToolArgs.WholeSeconds(Tool, ctx.DurationS(), "duration_s"), "iperf3");
        return Iperf3Result.Parse(output);
    }

    private string Client(WorkloadContext ctx, IReadOnlyList<string> args, long seconds, string label)
    {
        var argv = new List<string> { Tool };
        ExternalProcess? server = null;
        try
        {
            if (ToolArgs.Value(args, "-c", "--client") is null)
            {
                var port = FreePort();
                var portText = port.ToString(CultureInfo.InvariantCulture);
                server = ExternalProcess.Start(ctx, Tools, [Tool, "-s", "-1", "-B", "127.0.0.1", "-p", portText], label + "-server");
                AwaitListening(ctx, server, port);
                argv.AddRange(["-c", "127.0.0.1", "-p", portText]);
            }
            argv.AddRange(["-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"]);
            argv.AddRange(args);
            var client = ExternalProcess.Start(ctx, Tools, argv, label);
            var code = client.WaitFor();
            var json = client.StdoutText();
            if (code != 0 && string.IsNullOrWhiteSpace(json)) throw new IOException($"iperf3 exited with status {code}: {client.StderrTail()}");
            return json;
        }
        finally
        {
            server?.Dispose();
        }
    }

    private static int FreePort()
    {
        var s = new TcpListener(IPAddress.Loopback, 0);
        s.Start(1);
        try
        {
            return ((IPEndPoint)s.LocalEndpoint).Port;
        }
        finally
        {
            s.Stop();
        }
    }

    /// <summary>
    /// Waits until the server listens, by looking for its socket in /proc/net/tcp rather than by connecting: a
    /// one-off server would take a probing connection for its one test.
    /// </summary>
    private static void AwaitListening(WorkloadContext ctx, ExternalProcess server, int port)
    {
        var local = string.Create(CultureInfo.InvariantCulture, $"0100007F:{port:X4}");
        var deadline = Environment.TickCount64 + ServerStartMs;
        while (Environment.TickCount64 < deadline)
        {
            if (Listening(local)) return;
            if (!server.Alive()) throw new IOException($"the iperf3 server on 127.0.0.1:{port} stopped: {server.StderrTail()}");
            ctx.Sleep(0.02);
        }
        throw new IOException($"the iperf3 server did not listen on 127.0.0.1:{port} within {ServerStartMs} ms: {server.StderrTail()}");
    }

    private static bool Listening(string local)
    {
        const string tcp = "/proc/net/tcp";
        if (!File.Exists(tcp)) return true; // not Linux: let the client find out
        foreach (var line in File.ReadAllLines(tcp, Encoding.ASCII))
        {
            var f = line.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 3 && f[1] == local && f[3] == "0A") return true;
        }
        return false;
    }
}
