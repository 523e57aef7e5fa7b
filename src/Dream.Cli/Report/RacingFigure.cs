using System.Globalization;
using Dream.Cluster.Reports;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>Racing: how many candidates were dropped after each block of trials, by the reason they were dropped.</summary>
public static class RacingFigure
{
    private static readonly Color[] Colors = [Palette.Blue, Palette.Orange, Palette.BluishGreen, Palette.Vermillion, Palette.ReddishPurple, Palette.SkyBlue];

    /// <summary>null when the domain raced no candidate out (no racing, or every candidate ran in full).</summary>
    public static Figure? Of(RunHistory.Domain d)
    {
        if (d.Eliminations.Count == 0) return null;
        var plt = Palette.NewPlot($"{d.Name}: racing eliminations per block", "block of trials (0 = the first)", "candidates eliminated (count)");
        var blocks = d.Eliminations.Select(e => e.Block).Distinct().OrderBy(b => b).ToArray();
        var tests = d.Eliminations.Select(e => e.Test).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var below = blocks.ToDictionary(b => b, _ => 0.0);
        for (int i = 0; i < tests.Count; i++)
        {
            var bars = new List<Bar>();
            foreach (var b in blocks)
            {
                var n = d.Eliminations.Count(e => e.Block == b && e.Test == tests[i]);
                if (n == 0) continue;
                bars.Add(new Bar { Position = b, ValueBase = below[b], Value = below[b] + n, FillColor = Colors[i % Colors.Length], LineColor = Palette.Black, LineWidth = 1, Size = 0.6 });
                below[b] += n;
            }
            var plot = plt.Add.Bars(bars);
            plot.LegendText = tests[i];
        }
        plt.Axes.Bottom.SetTicks(blocks.Select(b => (double)b).ToArray(), blocks.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray());
        plt.Axes.SetLimitsY(0, Math.Max(1, below.Values.Max()) * 1.15);
        plt.ShowLegend(Alignment.UpperRight);
        var generations = d.Eliminations.Select(e => e.Generation).Distinct().Count();
        return Figure.Of($"{d.Name}-racing", "Racing eliminations",
            $"{d.Eliminations.Count} candidates dropped over {generations} generation(s) before all their trials ran, stacked by the reason (the statistical test, or a failed trial or cap breach).", plt);
    }
}
