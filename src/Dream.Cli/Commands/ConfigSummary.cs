using Dream.Core.Config;

namespace Dream.Cli.Commands;

/// <summary>The short per-domain table that <c>dream validate</c> prints for a valid config.</summary>
public static class ConfigSummary
{
    private static readonly string[] Header = { "domain", "knobs", "kpis", "caps", "regimes" };

    public static string Table(DreamConfig config)
    {
        var rows = new List<string[]> { Header };
        foreach (var (domain, spec) in config.Domains.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            rows.Add(new[]
            {
                domain,
                spec.Knobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                spec.Kpis.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                config.Caps.ForDomain(domain).Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", Regimes(config, domain)),
            });
        }
        var width = new int[Header.Length];
        foreach (var r in rows) for (var i = 0; i < r.Length; i++) width[i] = Math.Max(width[i], r[i].Length);
        var sb = new System.Text.StringBuilder();
        foreach (var r in rows)
        {
            var line = new System.Text.StringBuilder();
            for (var i = 0; i < r.Length; i++)
            {
                if (i > 0) line.Append("  ");
                // Counts are right-aligned, names left-aligned.
                var numeric = i is >= 1 and <= 3;
                line.Append(numeric ? r[i].PadLeft(width[i]) : r[i].PadRight(i == r.Length - 1 ? 0 : width[i]));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>E.g. <c>2 domains, 7 regimes</c>.</summary>
    public static string Totals(DreamConfig config)
    {
        var domains = config.Domains.Count;
        var regimes = config.Domains.Keys.Sum(d => Regimes(config, d).Count);
        return Plural(domains, "domain") + ", " + Plural(regimes, "regime");
    }

    private static IReadOnlyList<string> Regimes(DreamConfig config, string domain) =>
        config.Regimes.TryGetValue(domain, out var r) ? r.Keys.ToList() : new List<string>();

    private static string Plural(int n, string word) => n + " " + word + (n == 1 ? "" : "s");
}
