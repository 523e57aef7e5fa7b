using System.Globalization;
using Dream.Cli.Bench;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>
/// <c>dream bench search</c>, one landscape: every run's true distance to the optimum, one column per strategy (the
/// peer's too), log-scaled since the distances span decades, with each column's median and the 0.01 line.
/// </summary>
public static class SearchFigure
{
    private static readonly Color[] Colors = [Palette.Blue, Palette.Orange, Palette.BluishGreen, Palette.Vermillion, Palette.ReddishPurple, Palette.SkyBlue];
    private static readonly MarkerShape[] Shapes =
        [MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond, MarkerShape.OpenTriangleDown, MarkerShape.Cross];

    /// <summary>Distances below this are drawn at it: a log axis has no 0.</summary>
    public const double Floor = 1e-5;

    public static Figure? Of(string landscape, IReadOnlyList<SearchBench.Cell> cells)
    {
        var columns = cells.Where(c => c.Landscape == landscape && c.Runs.Count > 0).ToList();
        if (columns.Count == 0) return null;
        var plt = Palette.NewPlot($"{landscape}: distance of the winner to the optimum", "strategy",
            "f, true distance to the optimum (log10 scale; 0 = optimum)");
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var fs = c.Runs.Select(r => Math.Log10(Math.Max(Floor, r.F))).ToArray();
            // spread the seeds a little sideways, in seed order, so that equal distances stay visible
            var xs = fs.Select((_, k) => i + (fs.Length == 1 ? 0 : -0.2 + 0.4 * k / (fs.Length - 1))).ToArray();
            var m = plt.Add.Markers(xs, fs);
            m.MarkerShape = Shapes[i % Shapes.Length];
            m.MarkerSize = 9;
            m.Color = Colors[i % Colors.Length];
            m.LegendText = Label(c);
            var median = plt.Add.Line(i - 0.3, Math.Log10(Math.Max(Floor, c.Median)), i + 0.3, Math.Log10(Math.Max(Floor, c.Median)));
            median.Color = Palette.Black;
            median.LineWidth = 3;
        }
        var near = plt.Add.HorizontalLine(Math.Log10(SearchBench.Near));
        near.Color = Palette.Grey;
        near.LinePattern = LinePattern.Dashed;
        near.LegendText = "f = 0.01";
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), columns.Select(Label).ToArray());
        var lows = columns.SelectMany(c => c.Runs).Select(r => Math.Log10(Math.Max(Floor, r.F))).ToList();
        var low = Math.Floor(Math.Min(lows.Min(), Math.Log10(SearchBench.Near)) - 0.2);
        var high = Math.Ceiling(Math.Max(lows.Max(), Math.Log10(SearchBench.Near)) + 0.2);
        var decades = Enumerable.Range((int)low, (int)(high - low) + 1).Select(d => (double)d).ToArray();
        plt.Axes.Left.SetTicks(decades, decades.Select(d => Math.Pow(10, d).ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        plt.Axes.SetLimits(-0.6, columns.Count - 0.4, low, high);
        plt.ShowLegend(Alignment.LowerLeft);
        var seeds = columns.Max(c => c.Runs.Count);
        return Figure.Of("search-" + landscape, landscape,
            $"Each mark one seed's winner ({seeds} seeds), the bar each strategy's median, at a budget of {columns[0].Budget} trials; lower is better.",
            plt, 900, 560);
    }

    private static string Label(SearchBench.Cell c) => c.Peer ? c.Strategy + " (peer)" : c.Strategy;
}
