using System.Globalization;
using Dream.Cluster.Reports;
using Dream.Core.Domain;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>The forest plot of <see cref="WinnerVsBaseline"/>: per regime and KPI, the winner's and the baseline's mean and 95% interval.</summary>
public static class ForestFigure
{
    public static Figure Of(RunHistory.Domain d, DomainSpec? spec)
    {
        var rows = WinnerVsBaseline.Rows(d, spec);
        var winner = d.Winner();
        var plt = Palette.NewPlot($"{d.Name}: winner {winner?.CandId ?? "(none)"} vs baseline", "change from the baseline mean (%)", "");
        var zero = plt.Add.VerticalLine(0);
        zero.Color = Palette.Black;
        zero.LinePattern = LinePattern.Dashed;
        var labels = new List<string>();
        bool legendW = false, legendB = false;
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            double y = rows.Count - 1 - i; // the first row on top
            if (row.BaselineCi is { } bci)
            {
                var l = plt.Add.Line(bci[0], y - 0.17, bci[1], y - 0.17);
                l.LineColor = Palette.Grey;
                l.LineWidth = 3;
                if (!legendB) { l.LegendText = "baseline: 95% interval"; legendB = true; }
            }
            var bm = plt.Add.Marker(row.Baseline, y - 0.17, MarkerShape.FilledSquare, 9, Palette.Grey);
            if (row.WinnerCi is { } ci)
            {
                var l = plt.Add.Line(ci[0], y + 0.17, ci[1], y + 0.17);
                l.LineColor = Palette.Blue;
                l.LineWidth = 3;
                if (!legendW) { l.LegendText = "winner: 95% interval"; legendW = true; }
            }
            var wm = plt.Add.Marker(row.Winner, y + 0.17, MarkerShape.FilledCircle, 10, Palette.Blue);
            if (i == 0) { wm.LegendText = "winner mean"; bm.LegendText = "baseline mean"; }
            var better = row.Better switch { Better.Higher => ", higher is better", Better.Lower => ", lower is better", _ => "" };
            var unit = row.Unit.Length > 0 ? row.Unit + ", " : "";
            labels.Add($"{row.Regime} · {row.Kpi} ({unit}mean {row.BaselineMean.ToString("G4", CultureInfo.InvariantCulture)}{better})");
        }
        if (rows.Count > 0)
        {
            plt.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(), labels.ToArray());
            plt.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        }
        plt.ShowLegend(Alignment.LowerRight);
        var caption = rows.Count == 0
            ? "No winner with a baseline to compare with: nothing to draw."
            : $"Winner {winner!.CandId} (generation {winner.Generation}, score_v2 {Fmt(winner.Score)}). Each row: the winner's mean over its successful trials and its 95% interval (blue, above), the baseline's (grey, below, at 0 by construction), both in percent of the baseline's mean; the label gives the KPI's unit, the baseline mean and which direction is better.";
        return Figure.Of($"{d.Name}-forest", "Winner vs baseline per regime and KPI", caption, plt, Figure.Width, Math.Max(360, 110 + 60 * rows.Count));
    }

    internal static string Fmt(double? v) => v is { } x ? x.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture) : "n/a";
}
