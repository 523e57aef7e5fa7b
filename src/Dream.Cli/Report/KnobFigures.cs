using System.Globalization;
using Dream.Cluster.Reports;
using Dream.Core.Domain;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>
/// Knob values against score, one panel per knob (a categorical knob as strips, one per choice), and the
/// ranking of <see cref="KnobImportance"/>. Each distinct candidate is drawn once: an elite carried into a later
/// generation with its evidence reused would otherwise count as several measurements.
/// </summary>
public static class KnobFigures
{
    public static IReadOnlyList<RunHistory.Candidate> Measured(RunHistory.Domain d) =>
        d.Candidates.Where(c => c.Score is not null && c.ReusedFrom is null).ToList();

    public static ISet<string> Categorical(DomainSpec? spec, RunHistory.Domain d) =>
        spec is not null
            ? spec.Knobs.Where(k => k is ChoiceKnob or BoolKnob).Select(k => k.Name).ToHashSet(StringComparer.Ordinal)
            : Knobs(spec, d).Where(k => d.Candidates.Any(c => c.Pack.Genome.Get(k) is string or bool)).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<string> Knobs(DomainSpec? spec, RunHistory.Domain d) =>
        spec?.Knobs.Select(k => k.Name).ToList()
        ?? d.Candidates.SelectMany(c => c.Pack.Genome.Values.Keys).Distinct().ToList();

    public static IReadOnlyList<KnobImportance.Entry> Importance(RunHistory.Domain d, DomainSpec? spec) =>
        KnobImportance.Rank(Measured(d).Select(c => new KnobImportance.Sample(c.Pack.Genome.Values, c.Score!.Value)).ToList(),
            Knobs(spec, d), Categorical(spec, d));

    public static IReadOnlyList<Figure> Panels(RunHistory.Domain d, DomainSpec? spec)
    {
        var measured = Measured(d);
        var winner = d.Winner();
        var categorical = Categorical(spec, d);
        var figures = new List<Figure>();
        foreach (var knob in Knobs(spec, d))
        {
            var knobSpec = spec?.Knobs.FirstOrDefault(k => k.Name == knob);
            var points = measured.Where(c => c.Pack.Genome.Get(knob) is not null).ToList();
            var type = knobSpec?.Type ?? (categorical.Contains(knob) ? "choice" : "number");
            bool log = knobSpec is IntKnob { Log: true } or FloatKnob { Log: true };
            var xLabel = categorical.Contains(knob) ? $"{knob} (choice)" : log ? $"log10 of {knob} ({type} knob value)" : $"{knob} ({type} knob value)";
            var plt = Palette.NewPlot($"{d.Name}: {knob} vs score", xLabel, "score_v2 (relative change vs baseline)");
            var zero = plt.Add.HorizontalLine(0);
            zero.Color = Palette.Black;
            zero.LinePattern = LinePattern.Dashed;
            zero.LegendText = "baseline (0)";
            Func<object, double> x;
            if (categorical.Contains(knob))
            {
                var choices = knobSpec switch
                {
                    ChoiceKnob c => c.Choices.ToList(),
                    BoolKnob => ["false", "true"],
                    _ => points.Select(c => Text(c.Pack.Genome.Get(knob)!)).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList(),
                };
                foreach (var extra in points.Select(c => Text(c.Pack.Genome.Get(knob)!)).Where(s => !choices.Contains(s)).Distinct()) choices.Add(extra);
                plt.Axes.Bottom.SetTicks(Enumerable.Range(0, choices.Count).Select(i => (double)i).ToArray(), choices.ToArray());
                plt.Axes.SetLimitsX(-0.6, choices.Count - 0.4);
                // Strips: each category's points spread evenly across its strip, in candidate order (deterministic).
                var rank = new Dictionary<RunHistory.Candidate, double>();
                foreach (var g in points.GroupBy(c => Text(c.Pack.Genome.Get(knob)!)))
                {
                    var list = g.ToList();
                    for (int i = 0; i < list.Count; i++) rank[list[i]] = list.Count == 1 ? 0 : -0.25 + 0.5 * i / (list.Count - 1);
                }
                x = v => choices.IndexOf(Text(v));
                var xs = points.Select(c => x(c.Pack.Genome.Get(knob)!) + rank[c]).ToArray();
                AddPoints(plt, xs, points);
            }
            else
            {
                x = v => log ? Math.Log10(Convert.ToDouble(v, CultureInfo.InvariantCulture)) : Convert.ToDouble(v, CultureInfo.InvariantCulture);
                AddPoints(plt, points.Select(c => x(c.Pack.Genome.Get(knob)!)).ToArray(), points);
                if (knobSpec?.Stock is { } stock)
                {
                    var s = plt.Add.VerticalLine(x(stock));
                    s.Color = Palette.Grey;
                    s.LinePattern = LinePattern.Dotted;
                    s.LineWidth = 2;
                    s.LegendText = "stock value";
                }
            }
            if (winner is not null && winner.Pack.Genome.Get(knob) is { } wv)
            {
                var wx = x(wv);
                var w = plt.Add.Marker(wx, winner.Score ?? 0, MarkerShape.FilledDiamond, 14, Palette.Vermillion);
                w.LegendText = $"winner {winner.CandId}";
            }
            plt.ShowLegend(Alignment.LowerRight);
            figures.Add(Figure.Of($"{d.Name}-knob-{Safe(knob)}", $"{knob} vs score",
                $"Each of the {points.Count} distinctly measured, scored candidates once (reused elites not repeated).", plt, 600, 420));
        }
        return figures;
    }

    private static void AddPoints(Plot plt, double[] xs, IReadOnlyList<RunHistory.Candidate> points)
    {
        if (xs.Length == 0) return;
        var m = plt.Add.Markers(xs, points.Select(c => c.Score!.Value).ToArray());
        m.MarkerShape = MarkerShape.OpenCircle;
        m.MarkerSize = 8;
        m.Color = Palette.Blue;
        m.LegendText = "candidate";
    }

    public static Figure ImportanceFigure(RunHistory.Domain d, IReadOnlyList<KnobImportance.Entry> ranking)
    {
        var plt = Palette.NewPlot($"{d.Name}: knob importance", "share of the score's variance explained (%, omega squared)", "");
        var bars = new List<Bar>();
        var labels = new List<string>();
        for (int i = 0; i < ranking.Count; i++)
        {
            var e = ranking[i];
            double y = ranking.Count - 1 - i;
            bars.Add(new Bar { Position = y, Value = 100 * (e.Share ?? 0), FillColor = i == 0 ? Palette.Blue : Palette.SkyBlue, LineWidth = 1, LineColor = Palette.Black, Size = 0.6 });
            labels.Add(e.Share is null ? $"{e.Knob} (n/a: {e.Samples} candidates, {e.Groups} groups)" : $"{e.Knob} ({e.Groups} groups)");
        }
        if (bars.Count > 0)
        {
            var b = plt.Add.Bars(bars);
            b.Horizontal = true;
            plt.Axes.Left.SetTicks(Enumerable.Range(0, ranking.Count).Select(i => (double)(ranking.Count - 1 - i)).ToArray(), labels.ToArray());
            var top = Math.Max(10, ranking.Max(e => 100 * (e.Share ?? 0)) * 1.15);
            plt.Axes.SetLimitsX(0, top);
            plt.Axes.SetLimitsY(-0.7, ranking.Count - 0.3);
        }
        var n = ranking.Count == 0 ? 0 : ranking.Max(e => e.Samples);
        return Figure.Of($"{d.Name}-importance", "Knob importance",
            $"From {n} distinctly measured, scored candidates. Share: omega squared of the score grouped by the knob's value (categories, or up to {KnobImportance.MaxBins} equal-count bins of a numeric knob), the bias-corrected first-order variance share of a piecewise-constant model; 0 means no more than chance. Interactions are not attributed.",
            plt, Figure.Width, Math.Max(300, 110 + 55 * ranking.Count));
    }

    internal static string Text(object v) => v switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    internal static string Safe(string name) => new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
}
