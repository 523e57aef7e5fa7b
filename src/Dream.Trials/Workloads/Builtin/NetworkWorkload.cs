using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// <c>builtin-network</c>: request/response over loopback TCP on 127.0.0.1 only (nothing leaves the machine). An
/// echo server answers each request with as many bytes; over each of <c>connections</c> connections (default 4) a
/// client sends <c>payload_bytes</c> (default 64) and waits for the whole answer before the next request, so one
/// operation is one round trip, timed. <c>threads</c> client threads (default: one per connection, at most that
/// many) share the connections, each taking its connections in turn. KPIs: <c>requests_per_s</c>,
/// <c>throughput_mbps</c> (payload bytes sent plus received, Mbit/s = 10^6 bit/s), <c>p50/p95/p99_latency_ms</c>.
/// </summary>
public sealed class NetworkWorkload : IWorkload
{
    public const string Rps = "requests_per_s";
    public const string Mbps = "throughput_mbps";

    private readonly ConcurrentQueue<IDisposable> _open = new();
    private readonly List<Socket> _clients = new();
    private int _messageBytes;
    private int _threads;

    public IReadOnlySet<string> Kpis => Latencies.WithPercentiles(Rps, Mbps);

    public void WarmUp(WorkloadContext ctx) => SetUpWarmUp.Run(ctx, () => SetUp(ctx), seconds => Exchange(ctx, seconds));

    private void SetUp(WorkloadContext ctx)
    {
        if (_clients.Count > 0) return;
        var p = ctx.Param();
        var connections = (int)p.Integer("connections", 4, 1, 1024);
        _messageBytes = (int)p.Integer("payload_bytes", 64, 1, 1 << 20);
        _threads = (int)Math.Min(connections, p.Integer("threads", connections, 1, 1024));
        // Closing the sockets is what unblocks a worker waiting on a read when the trial is cancelled.
        ctx.OnCancel(CloseAll);
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.Enqueue(server);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(connections);
        var port = ((IPEndPoint)server.LocalEndPoint!).Port;
        new Thread(() => Accept(server)) { Name = "dream-net-accept", IsBackground = true }.Start();
        for (var i = 0; i < connections; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _open.Enqueue(s);
            s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            _clients.Add(s);
        }
    }

    private void Accept(Socket server)
    {
        try
        {
            while (true)
            {
                var s = server.Accept();
                s.NoDelay = true;
                _open.Enqueue(s);
                new Thread(() => Echo(s)) { Name = "dream-net-echo", IsBackground = true }.Start();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // closed at the end of the trial
        }
    }

    private void Echo(Socket s)
    {
        using (s)
        {
            try
            {
                var buf = new byte[_messageBytes];
                while (true)
                {
                    ReadFully(s, buf);
                    SendAll(s, buf);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                // the client went away: the trial is over
            }
        }
    }

    public WorkloadResult Run(WorkloadContext ctx)
    {
        SetUp(ctx);
        var start = Nanos.Now();
        var lat = Exchange(ctx, ctx.DurationS());
        var elapsed = Nanos.SecondsSince(start);
        var none = $"no request completed in {elapsed} s";
        var b = new WorkloadResult.Builder()
            .Put(Rps, lat.Count() > 0 ? lat.Count() / elapsed : double.NaN, none)
            .Put(Mbps, lat.Count() > 0 ? lat.Count() * 2.0 * _messageBytes * 8 / elapsed / 1e6 : double.NaN, none);
        return lat.PutPercentiles(b, none).Build();
    }

    private Latencies Exchange(WorkloadContext ctx, double seconds)
    {
        var end = Nanos.Now() + Nanos.FromSeconds(seconds);
        var per = new Latencies.PerWorker(_threads);
        Workers.RunAll("dream-net-client", _threads, w =>
        {
            var mine = new List<Socket>();
            for (var c = w; c < _clients.Count; c += _threads) mine.Add(_clients[c]);
            var request = new byte[_messageBytes];
            var response = new byte[_messageBytes];
            var l = per.Of(w);
            var next = 0;
            while (Nanos.Now() < end && !ctx.Cancelled())
            {
                var s = mine[next];
                next = (next + 1) % mine.Count;
                var t = Nanos.Now();
                SendAll(s, request);
                ReadFully(s, response);
                l.Record(Nanos.Now() - t);
                request[0]++;
            }
        }, CloseAll);
        return per.Merged();
    }

    private static void SendAll(Socket s, byte[] buf)
    {
        for (var sent = 0; sent < buf.Length;) sent += s.Send(buf, sent, buf.Length - sent, SocketFlags.None);
    }

    private static void ReadFully(Socket s, byte[] buf)
    {
        for (var got = 0; got < buf.Length;)
        {
            var n = s.Receive(buf, got, buf.Length - got, SocketFlags.None);
            if (n == 0) throw new IOException("the connection was closed");
            got += n;
        }
    }

    private void CloseAll()
    {
        foreach (var c in _open)
        {
            try
            {
                if (c is Socket s && s.Connected) s.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // already closed
            }
            c.Dispose();
        }
    }

    public void Close() => CloseAll();
}
