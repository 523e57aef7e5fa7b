using Dream.Cluster.Reports;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>
/// Score per generation: each generation's best candidate with its 95% interval as a band, every scored candidate
/// of the population as a point (spread sideways so that equal scores stay visible) and its median, and the
/// baseline, which scores 0 by definition.
/// </summary>
public static class ScoreFigure
{
    public static Figure Of(RunHistory.Domain d)
    {
        var plt = Palette.NewPlot($"{d.Name}: score per generation", "generation (0 = the first)",
            "score_v2 (relative change vs baseline; baseline = 0)");
        var baseline = plt.Add.HorizontalLine(0);
        baseline.Color = Palette.Black;
        baseline.LinePattern = LinePattern.Dashed;
        baseline.LineWidth = 1.5f;
        baseline.LegendText = "baseline (0)";

        var withBand = d.Generations.Where(g => g.BestScore is not null && g.BestScoreCi95 is { Count: 2 }).OrderBy(g => g.Generation).ToList();
        if (withBand.Count > 0)
        {
            var band = plt.Add.FillY(withBand.Select(g => (double)g.Generation).ToArray(),
                withBand.Select(g => g.BestScoreCi95![0]).ToArray(), withBand.Select(g => g.BestScoreCi95![1]).ToArray());
            band.FillStyle.Color = Palette.Blue.WithAlpha(0.22);
            band.LineStyle.Color = Palette.Blue.WithAlpha(0.5);
            band.LegendText = "best: 95% interval";
        }

        var scored = d.Candidates.Where(c => c.Score is not null).ToList();
        if (scored.Count > 0)
        {
            var xs = new List<double>();
            foreach (var byGen in scored.GroupBy(c => c.Generation))
            {
                var n = byGen.Count();
                xs.AddRange(byGen.Select((c, i) => c.Generation + (n == 1 ? 0 : -0.18 + 0.36 * i / (n - 1))));
            }
            var ordered = scored.GroupBy(c => c.Generation).SelectMany(g => g).ToList();
            var pop = plt.Add.Markers(xs.ToArray(), ordered.Select(c => c.Score!.Value).ToArray());
            pop.MarkerShape = MarkerShape.OpenCircle;
            pop.MarkerSize = 7;
            pop.Color = Palette.Orange;
            pop.LegendText = "population (each scored candidate)";

            var medians = scored.GroupBy(c => c.Generation).OrderBy(g => g.Key)
                .Select(g => (X: (double)g.Key, Y: Median(g.Select(c => c.Score!.Value)))).ToList();
            var median = plt.Add.Scatter(medians.Select(m => m.X).ToArray(), medians.Select(m => m.Y).ToArray());
            median.Color = Palette.BluishGreen;
            median.LinePattern = LinePattern.Dotted;
            median.LineWidth = 2;
            median.MarkerShape = MarkerShape.OpenDiamond;
            median.MarkerSize = 9;
            median.LegendText = "population median";
        }

        var best = d.Generations.Where(g => g.BestScore is not null).OrderBy(g => g.Generation).ToList();
        if (best.Count > 0)
        {
            var line = plt.Add.Scatter(best.Select(g => (double)g.Generation).ToArray(), best.Select(g => g.BestScore!.Value).ToArray());
            line.Color = Palette.Blue;
            line.LineWidth = 2.5f;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = 8;
            line.LegendText = "best of the generation";
        }
        if (d.Generations.Count > 0)
        {
            var gens = d.Generations.Select(g => g.Generation).Distinct().OrderBy(g => g).ToArray();
            plt.Axes.Bottom.SetTicks(gens.Select(g => (double)g).ToArray(), gens.Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }
        plt.ShowLegend(Alignment.LowerRight);
        int unscored = d.Candidates.Count(c => c.Score is null);
        var caption = $"{scored.Count} scored candidates over {d.Generations.Count} generations"
            + (unscored > 0 ? $"; {unscored} not scored (unsafe or not scorable) are not drawn" : "")
            + ". The band is the 95% interval of the generation's best score_v2; a candidate whose interval lies above 0 is better than the baseline.";
        return Figure.Of($"{d.Name}-score", "Score per generation", caption, plt);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
