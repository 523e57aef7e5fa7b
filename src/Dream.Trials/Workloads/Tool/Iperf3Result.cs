using System.Text.Json;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// The KPIs of an iperf3 client run, from its JSON output (<c>-J</c>). iperf3 exits with status 0 even when it
/// could not connect; the JSON's <c>error</c> says so, and fails the trial.
/// <para>
/// TCP: <c>throughput_mbps</c> is what the receiver got (<c>end.sum_received</c>, Mbit/s = 10^6 bit/s),
/// <c>tcp_retransmits</c> the sender's retransmitted segments during the test, <c>mean_rtt_ms</c> the mean of the
/// streams' smoothed round-trip times (where the kernel reports them). UDP: <c>throughput_mbps</c> at the receiver,
/// <c>jitter_ms</c> and <c>lost_pct</c>. iperf3 measures throughput, not the latency of requests, so
/// <c>p95_latency_ms</c> is unavailable with that reason.
/// </para>
/// </summary>
public static class Iperf3Result
{
    public const string Throughput = "throughput_mbps";
    public const string Retransmits = "tcp_retransmits";

    public static WorkloadResult Parse(string output)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            throw new IOException("iperf3's JSON output is not readable: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new IOException("iperf3 printed no JSON object");
            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                throw new IOException("iperf3: " + (error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText()));
            var end = Path(root, "end");
            var protocol = Path(Path(Path(root, "start"), "test_start"), "protocol") is { ValueKind: JsonValueKind.String } p
                ? p.GetString()! : "TCP";
            var b = new WorkloadResult.Builder();
            b.Unavailable("p95_latency_ms", "iperf3 measures throughput, not the latency of requests");
            if (protocol.Equals("UDP", StringComparison.OrdinalIgnoreCase))
            {
                // iperf3 3.x puts the receiver's view in sum_received; older releases only in sum.
                var rxUdp = Has(Path(end, "sum_received"), "jitter_ms") ? Path(end, "sum_received") : Path(end, "sum");
                b.Put(Throughput, Number(rxUdp, "bits_per_second") / 1e6, "iperf3 reported no UDP throughput");
                b.Put("jitter_ms", Number(rxUdp, "jitter_ms"), "iperf3 reported no jitter");
                b.Put("lost_pct", Number(rxUdp, "lost_percent"), "iperf3 reported no packet loss");
                return b.Build();
            }
            var rx = Path(end, "sum_received");
            if (!Has(rx, "bits_per_second")) throw new IOException("iperf3's JSON output has no end.sum_received: the test did not complete");
            b.Put(Throughput, Number(rx, "bits_per_second") / 1e6, "iperf3 reported no throughput");
            var tx = Path(end, "sum_sent");
            if (Has(tx, "retransmits")) b.Put(Retransmits, Number(tx, "retransmits"), "iperf3 reported no retransmits");
            else b.Unavailable(Retransmits, "iperf3 reported no retransmit count (it reads it from the kernel's TCP_INFO, on Linux only)");
            double rtt = 0;
            var streams = 0;
            if (Path(end, "streams") is { ValueKind: JsonValueKind.Array } all)
            {
                foreach (var s in all.EnumerateArray())
                {
                    if (Path(Path(s, "sender"), "mean_rtt") is { ValueKind: JsonValueKind.Number } v)
                    {
                        rtt += v.GetDouble();
                        streams++;
                    }
                }
            }
            if (streams > 0) b.Put("mean_rtt_ms", rtt / streams / 1000.0, "no RTT");
            else b.Unavailable("mean_rtt_ms", "iperf3 reported no round-trip times");
            return b.Build();
        }
    }

    /// <summary>The member <paramref name="key"/> of an object, or an undefined element (as Jackson's path() gives a missing node).</summary>
    private static JsonElement Path(JsonElement o, string key) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(key, out var v) ? v : default;

    private static bool Has(JsonElement o, string key) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(key, out _);

    private static double Number(JsonElement o, string key) =>
        Path(o, key) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;
}
