using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dream.Cluster.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, as specified in Prometheus's
/// "Exposition formats" document. <c>dream ctl metrics</c> reads a node's /metrics with it, and the tests
/// use it as their oracle, so it rejects what a Prometheus server would reject, and more. Checked: the line
/// grammar (metric and label names, quoted label values with only the \\, \" and \n escapes, Go float
/// values, optional int64 timestamps), at most one HELP and one TYPE per family, TYPE before the family's
/// first sample, a family's lines not interleaved with another's, sample names that belong to their
/// family's type, no duplicate series, counters not negative, and histograms whose buckets carry an
/// <c>le</c> label, are cumulative, end with <c>+Inf</c> and agree with <c>_count</c>. Not checked: the
/// HELP text's meaning, or anything about values over time.
/// </summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public override string ToString() =>
            Name + "{" + string.Join(",", Labels.Select(kv => $"{kv.Key}=\"{kv.Value}\"")) + "} " + Value.ToString("R", CultureInfo.InvariantCulture);
    }

    public sealed class Invalid(int line, string what, string text) : Exception($"line {line}: {what}: {text}");

    private const string Name = "[a-zA-Z_:][a-zA-Z0-9_:]*";

    [GeneratedRegex("^" + Name)] private static partial Regex MetricName();
    [GeneratedRegex(@"\G[a-zA-Z_][a-zA-Z0-9_]*")] private static partial Regex LabelName();
    [GeneratedRegex("^# HELP (" + Name + ") (.*)$")] private static partial Regex Help();
    [GeneratedRegex("^# TYPE (" + Name + ") (counter|gauge|histogram|summary|untyped)$")] private static partial Regex Type();
    [GeneratedRegex(@"^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?Inf|NaN)$")] private static partial Regex Float();
    [GeneratedRegex(@"^-?\d{1,19}$")] private static partial Regex Timestamp();

    private static readonly string[] Suffixes = ["_bucket", "_sum", "_count", "_total", "_created"];

    /// <summary>Every sample, in order; throws <see cref="Invalid"/> naming the first line that breaks the format.</summary>
    public static IReadOnlyList<Sample> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n')) throw new Invalid(0, "the last line must end with a line feed", "");
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        var closed = new HashSet<string>(); // families whose lines have ended
        var series = new HashSet<string>();
        var sampledFamilies = new HashSet<string>();
        string? current = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            int n = i + 1;
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line)) continue;
            string family;
            if (line.StartsWith('#'))
            {
                var h = Help().Match(line);
                var t = Type().Match(line);
                if (h.Success)
                {
                    family = h.Groups[1].Value;
                    if (!helped.Add(family)) throw new Invalid(n, "a second HELP for " + family, line);
                    CheckEscapes(n, h.Groups[2].Value);
                }
                else if (t.Success)
                {
                    family = t.Groups[1].Value;
                    if (types.ContainsKey(family)) throw new Invalid(n, "a second TYPE for " + family, line);
                    if (sampledFamilies.Contains(family)) throw new Invalid(n, "TYPE after a sample of " + family, line);
                    types[family] = t.Groups[2].Value;
                }
                else if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
                {
                    throw new Invalid(n, "malformed HELP or TYPE line", line);
                }
                else
                {
                    continue; // a plain comment
                }
            }
            else
            {
                var s = ReadSample(n, line);
                family = FamilyOf(s.Name, types) ?? throw new Invalid(n, $"sample {s.Name} does not belong to a declared family's type", line);
                var key = s.Name + "{" + string.Join(",", s.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)) + "}";
                if (!series.Add(key)) throw new Invalid(n, "duplicate series", line);
                if (types[family] == "counter" && !(s.Value >= 0)) throw new Invalid(n, "negative or NaN counter", line);
                sampledFamilies.Add(s.Name);
                sampledFamilies.Add(family);
                samples.Add(s);
            }
            if (family != current)
            {
                if (closed.Contains(family)) throw new Invalid(n, $"lines of {family} are not together", line);
                if (current != null) closed.Add(current);
                current = family;
            }
        }
        CheckHistograms(samples, types);
        return samples;
    }

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.TryGetValue(name, out var own)) return own == "histogram" ? null : name;
        foreach (var suffix in Suffixes)
        {
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var family = name[..^suffix.Length];
            if (!types.TryGetValue(family, out var t)) continue;
            bool fits = t switch
            {
                "histogram" => suffix != "_total",
                "summary" => suffix is "_sum" or "_count" or "_created",
                "counter" => suffix is "_total" or "_created",
                _ => false,
            };
            return fits ? family : null;
        }
        return null;
    }

    private static Sample ReadSample(int n, string line)
    {
        try
        {
            return ReadSampleOrOutOfRange(n, line);
        }
        catch (IndexOutOfRangeException)
        {
            throw new Invalid(n, "the line ends too early", line);
        }
    }

    private static Sample ReadSampleOrOutOfRange(int n, string line)
    {
        var m = MetricName().Match(line);
        if (!m.Success) throw new Invalid(n, "a sample must start with a metric name", line);
        var name = m.Value;
        int p = m.Length;
        var labels = new Dictionary<string, string>();
        if (p < line.Length && line[p] == '{')
        {
            p++;
            while (true)
            {
                if (line[p] == '}') { p++; break; }
                var ln = LabelName().Match(line, p);
                if (!ln.Success) throw new Invalid(n, $"bad label name at column {p + 1}", line);
                var label = ln.Value;
                p += ln.Length;
                if (line[p] != '=' || line[p + 1] != '"') throw new Invalid(n, $"expected =\" after label {label}", line);
                p += 2;
                var value = new StringBuilder();
                while (line[p] != '"')
                {
                    char c = line[p];
                    if (c == '\\')
                    {
                        char e = line[p + 1];
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new Invalid(n, $"bad escape \\{e} in label {label}", line),
                        });
                        p += 2;
                    }
                    else
                    {
                        value.Append(c);
                        p++;
                    }
                }
                p++;
                if (!labels.TryAdd(label, value.ToString())) throw new Invalid(n, $"label {label} twice", line);
                if (line[p] == ',') p++;
                else if (line[p] != '}') throw new Invalid(n, $"expected , or }} at column {p + 1}", line);
            }
        }
        if (p >= line.Length || line[p] != ' ') throw new Invalid(n, "expected a space before the value", line);
        var rest = line[p..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length > 2) throw new Invalid(n, "more than a value and a timestamp", line);
        if (!Float().IsMatch(rest[0])) throw new Invalid(n, "not a float: " + rest[0], line);
        if (rest.Length == 2 && !Timestamp().IsMatch(rest[1])) throw new Invalid(n, "not a timestamp: " + rest[1], line);
        return new Sample(name, labels, ParseFloat(rest[0]));
    }

    private static double ParseFloat(string s) => s switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static void CheckEscapes(int n, string help)
    {
        for (int i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\') continue;
            char e = i + 1 < help.Length ? help[i + 1] : ' ';
            if (e is not ('\\' or 'n')) throw new Invalid(n, "bad escape in HELP", help);
            i++;
        }
    }

    private static void CheckHistograms(List<Sample> samples, Dictionary<string, string> types)
    {
        foreach (var (family, type) in types)
        {
            if (type != "histogram") continue;
            var buckets = new Dictionary<string, SortedDictionary<double, double>>();
            var counts = new Dictionary<string, double>();
            foreach (var s in samples)
            {
                if (s.Name == family + "_bucket")
                {
                    if (!s.Labels.TryGetValue("le", out var le) || !Float().IsMatch(le))
                        throw new Invalid(0, family + " bucket without a float le", s.ToString());
                    var key = Key(s.Labels.Where(kv => kv.Key != "le"));
                    if (!buckets.TryGetValue(key, out var b)) buckets[key] = b = new SortedDictionary<double, double>();
                    b[ParseFloat(le)] = s.Value;
                }
                else if (s.Name == family + "_count")
                {
                    counts[Key(s.Labels)] = s.Value;
                }
            }
            foreach (var (key, b) in buckets)
            {
                double previous = 0;
                foreach (var c in b.Values)
                {
                    if (c < previous) throw new Invalid(0, family + " buckets are not cumulative", key);
                    previous = c;
                }
                if (!b.TryGetValue(double.PositiveInfinity, out var inf)) throw new Invalid(0, family + " has no +Inf bucket", key);
                if (!counts.TryGetValue(key, out var count) || count != inf) throw new Invalid(0, family + " +Inf bucket differs from _count", key);
            }
        }
    }

    private static string Key(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    /// <summary>The value of the one sample with this name and exactly these labels, or null.</summary>
    public static double? Value(IReadOnlyList<Sample> samples, string name, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var s in samples)
        {
            if (s.Name == name && s.Labels.Count == labels.Count && labels.All(kv => s.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                return s.Value;
        }
        return null;
    }
}
