using System.Globalization;
using System.Text;
using Dream.Cluster.Runs;
using static System.Net.WebUtility;

namespace Dream.Cli.Report;

/// <summary>The anomalies a domain's journal holds (anomaly-detected.v1), as report lines and as the HTML report's table.</summary>
public static class AnomalyTable
{
    /// <summary>One line of <c>dream report</c>: where, what and why.</summary>
    public static string Line(DomainEvent.AnomalyDetected a) =>
        $"anomaly {a.Kind} ({Where(a)}, {a.Subject}): {a.Detail}";

    private static string Where(DomainEvent.AnomalyDetected a) =>
        a.Generation < 0 ? "baselines" : "generation " + a.Generation.ToString(CultureInfo.InvariantCulture);

    public static void Append(StringBuilder b, IReadOnlyList<DomainEvent.AnomalyDetected> anomalies)
    {
        if (anomalies.Count == 0)
        {
            b.Append("<p class=\"note\" id=\"anomalies-none\">No anomaly was recorded: no stall, no node failing more than the others, no baseline drift.</p>\n");
            return;
        }
        b.Append("<h3>Anomalies</h3>\n<table class=\"anomalies\">\n<tr><th>when</th><th>kind</th><th>about</th><th>value</th><th>threshold</th><th>detail</th></tr>\n");
        foreach (var a in anomalies)
            b.Append($"<tr><td>{HtmlEncode(Where(a))}</td><td>{HtmlEncode(a.Kind)}</td><td>{HtmlEncode(a.Subject)}</td>"
                + $"<td>{a.Value.ToString("G4", CultureInfo.InvariantCulture)}</td><td>{a.Threshold.ToString("G4", CultureInfo.InvariantCulture)}</td>"
                + $"<td>{HtmlEncode(a.Detail)}</td></tr>\n");
        b.Append("</table>\n");
    }
}
