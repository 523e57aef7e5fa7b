using System.Text.Json;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// The KPIs of a fio run, from its JSON output (<c>--output-format=json</c>).
/// <para>
/// Over every job and every direction (read, write, trim) that did I/O: <c>iops</c> (summed; also <c>read_iops</c>
/// and <c>write_iops</c>), <c>mb_per_s</c> (bytes per second summed, MB = 10^6 bytes), and
/// <c>p50/p95/p99_latency_ms</c> from fio's completion-latency percentiles (<c>clat_ns</c>). fio keeps a histogram
/// per job and direction and does not merge them, so with several, each percentile is the worst of them: a
/// candidate is never made to look better than its slowest direction.
/// </para>
/// </summary>
public static class FioResult
{
    private static readonly string[] Directions = ["read", "write", "trim"];
    private static readonly (string Kpi, string Key)[] Percentiles =
        [("p50_latency_ms", "50.000000"), ("p95_latency_ms", "95.000000"), ("p99_latency_ms", "99.000000")];
    private static readonly string[] AllKpis =
        ["iops", "read_iops", "write_iops", "mb_per_s", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms"];

    public static WorkloadResult Parse(string output)
    {
        // fio may put notes before the JSON document in its output file.
        var start = output.IndexOf('{');
        if (start < 0) throw new IOException("fio wrote no JSON: " + Abbreviate(output));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(output[start..]);
        }
        catch (JsonException e)
        {
            throw new IOException("fio's JSON output is not readable: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jobs", out var jobs)
                || jobs.ValueKind != JsonValueKind.Array || jobs.GetArrayLength() == 0)
                throw new IOException("fio's JSON output has no jobs");
            double iops = 0, readIops = 0, writeIops = 0, bytesPerS = 0;
            long ios = 0;
            double[] worst = [double.NaN, double.NaN, double.NaN];
            var percentilesMissing = false;
            foreach (var job in jobs.EnumerateArray())
            {
                var error = (long)Num(job, "error", 0);
                if (error != 0)
                {
                    var name = job.TryGetProperty("jobname", out var jn) && jn.ValueKind == JsonValueKind.String ? jn.GetString() : "?";
                    throw new IOException($"fio job {name} failed with error {error} ({Errno(error)})");
                }
                foreach (var dir in Directions)
                {
                    if (!job.TryGetProperty(dir, out var d) || d.ValueKind != JsonValueKind.Object) continue;
                    var n = (long)Num(d, "total_ios", 0);
                    if (n <= 0) continue;
                    ios += n;
                    var dIops = Num(d, "iops", 0);
                    iops += dIops;
                    if (dir == "read") readIops += dIops;
                    if (dir == "write") writeIops += dIops;
                    bytesPerS += Num(d, "bw_bytes", Num(d, "bw", 0) * 1024);
                    JsonElement pct = default;
                    var hasPct = d.TryGetProperty("clat_ns", out var clat) && clat.ValueKind == JsonValueKind.Object
                        && clat.TryGetProperty("percentile", out pct) && pct.ValueKind == JsonValueKind.Object;
                    for (var i = 0; i < Percentiles.Length; i++)
                    {
                        if (!hasPct || !pct.TryGetProperty(Percentiles[i].Key, out var v) || v.ValueKind != JsonValueKind.Number)
                        {
                            percentilesMissing = true;
                            continue;
                        }
                        var ms = v.GetDouble() / 1e6;
                        if (double.IsNaN(worst[i]) || ms > worst[i]) worst[i] = ms;
                    }
                }
            }
            var b = new WorkloadResult.Builder();
            if (ios == 0)
            {
                foreach (var k in AllKpis) b.Unavailable(k, "fio did no I/O in this trial");
                return b.Build();
            }
            b.Put("iops", iops, "fio reported no IOPS");
            b.Put("read_iops", readIops, "fio reported no read IOPS");
            b.Put("write_iops", writeIops, "fio reported no write IOPS");
            b.Put("mb_per_s", bytesPerS / 1e6, "fio reported no bandwidth");
            var why = percentilesMissing
                ? "fio reported no completion-latency percentiles (clat_percentiles off?)"
                : "fio reported no completion-latency percentiles";
            for (var i = 0; i < Percentiles.Length; i++)
            {
                if (percentilesMissing) b.Unavailable(Percentiles[i].Kpi, why);
                else b.Put(Percentiles[i].Kpi, worst[i], why);
            }
            return b.Build();
        }
    }

    /// <summary>A member as a number (a number, or text that reads as one), else <paramref name="fallback"/>.</summary>
    private static double Num(JsonElement o, string key, double fallback)
    {
        if (!o.TryGetProperty(key, out var v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => fallback,
        };
    }

    private static string Errno(long e) => e switch
    {
        2 => "no such file or directory",
        5 => "I/O error",
        13 => "permission denied",
        22 => "invalid argument",
        28 => "no space left on device",
        _ => "errno " + e,
    };

    private static string Abbreviate(string s)
    {
        var t = s.Trim();
        return t.Length == 0 ? "(empty)" : t.Length > 300 ? t[..300] + "..." : t;
    }
}
