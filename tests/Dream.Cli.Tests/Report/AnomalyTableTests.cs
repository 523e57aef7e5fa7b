using System.Text;
using Dream.Cli.Report;
using Dream.Cluster.Runs;

namespace Dream.Cli.Tests.Report;

/// <summary>The anomalies of a domain in <c>dream report</c> (a line each) and in report.html (a table).</summary>
public sealed class AnomalyTableTests
{
    private static readonly DomainEvent.AnomalyDetected Node =
        new(3, Anomalies.NodeFailures, "n2", 0.58, 0.02, "7 of 12 trials failed on n2 (58 %), 1 of 60 on the other nodes (2 %); z = 5.91", "t");

    private static readonly DomainEvent.AnomalyDetected Drift = new(-1, Anomalies.BaselineDrift, "normal/perf", 2.5, 1, "perf <moved>", "t");

    [Fact]
    public void EachAnomalyIsALineSayingWhereWhatAndWhy()
    {
        Assert.Equal("anomaly node-failures (generation 3, n2): 7 of 12 trials failed on n2 (58 %), 1 of 60 on the other nodes (2 %); z = 5.91",
            AnomalyTable.Line(Node));
        Assert.StartsWith("anomaly baseline-drift (baselines, normal/perf): ", AnomalyTable.Line(Drift));
    }

    [Fact]
    public void TheHtmlTableHasARowPerAnomalyEncodedOrSaysThereIsNone()
    {
        var b = new StringBuilder();
        AnomalyTable.Append(b, [Node, Drift]);
        var html = b.ToString();
        Assert.Equal(3, html.Split("<tr>").Length - 1); // the header and two rows
        Assert.Contains("perf &lt;moved&gt;", html);
        Assert.DoesNotContain("anomalies-none", html);
        var none = new StringBuilder();
        AnomalyTable.Append(none, []);
        Assert.Contains("anomalies-none", none.ToString());
    }
}
