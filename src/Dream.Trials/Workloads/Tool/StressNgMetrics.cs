using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dream.Trials.Workloads.Tool;

/// <summary>
/// The metrics of a stress-ng run, from the file it writes with <c>--yaml</c> (the <c>metrics:</c> list, one entry
/// per stressor, written only with <c>--metrics</c> or <c>--metrics-brief</c>).
/// <para>
/// KPIs: <c>throughput_ops</c>, the bogo operations per second of wall-clock time summed over the stressors
/// (stress-ng's "bogo ops/s (real time)", totals over each stressor's instances); <c>bogo_ops</c>, their count; and
/// per stressor <c>&lt;stressor&gt;_bogo_ops_per_s</c>. Bogo operations are stress-ng's own unit of work, different
/// for every stressor and method, so they compare candidates only under the same regime, which is how Dream uses
/// them.
/// </para>
/// </summary>
public static partial class StressNgMetrics
{
    public const string Throughput = "throughput_ops";
    public const string BogoOps = "bogo_ops";

    public static WorkloadResult Parse(string yaml)
    {
        YamlNode? doc;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            doc = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException e)
        {
            throw new IOException("stress-ng's YAML output is not readable: " + e.Message);
        }
        if (doc is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("metrics"), out var m)
            || m is not YamlSequenceNode metrics || metrics.Children.Count == 0)
        {
            throw new IOException("stress-ng wrote no metrics (it writes them only with --metrics or --metrics-brief, and only for stressors that ran)");
        }
        var b = new WorkloadResult.Builder();
        double rate = 0;
        double ops = 0;
        foreach (var o in metrics.Children)
        {
            if (o is not YamlMappingNode entry) throw new IOException($"stress-ng metrics entry is not a mapping: {o}");
            var stressor = Scalar(entry, "stressor") ?? "null";
            var r = Number(entry, "bogo-ops-per-second-real-time", stressor);
            rate += r;
            ops += Number(entry, "bogo-ops", stressor);
            b.Put(NotAlphanumeric().Replace(stressor, "_") + "_bogo_ops_per_s", r, "stress-ng reported no rate for " + stressor);
        }
        b.Put(Throughput, rate, "stress-ng reported no finite bogo-ops rate");
        b.Put(BogoOps, ops, "stress-ng reported no finite bogo-ops count");
        return b.Build();
    }

    private static string? Scalar(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    /// <summary>A plain YAML scalar that is a number (YAML 1.1's .inf and .nan included, as a YAML library reads them).</summary>
    private static double Number(YamlMappingNode m, string key, string stressor)
    {
        if (m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text })
        {
            var t = text.Trim();
            switch (t.ToLowerInvariant())
            {
                case ".inf" or "+.inf": return double.PositiveInfinity;
                case "-.inf": return double.NegativeInfinity;
                case ".nan": return double.NaN;
            }
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        }
        var found = v is YamlScalarNode sc ? sc.Value : v?.ToString();
        throw new IOException($"stress-ng metrics of stressor {stressor} have no number {key} (found {found ?? "null"})");
    }

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NotAlphanumeric();
}
