using Dream.Cluster.Reports;
using Dream.Trials;
using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>
/// Which node ran which trial when: one lane per node, each trial a translucent bar from its start to its end (where
/// trials overlap the lane is darker); failures and cap breaches marked.
/// The journal records when a trial's outcome was written and how long the trial ran, not when it began: a
/// bar ends at the journal write of its batch and starts its measured duration earlier, so it can sit up to one
/// batch's delay late.
/// </summary>
public static class TimelineFigure
{
    /// <summary>One bar: its node's lane, start and end in seconds since the run started.</summary>
    public sealed record Placed(RunHistory.Trial Trial, string Node, int Lane, double Start, double End);

    public static (IReadOnlyList<Placed> Bars, IReadOnlyList<string> Lanes) Layout(IEnumerable<RunHistory.Trial> trials, DateTimeOffset origin)
    {
        var lanes = new List<string>();
        var placed = new List<Placed>();
        foreach (var byNode in trials.GroupBy(t => t.Node).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var t in byNode.OrderBy(t => t.RecordedAtUtc).ThenBy(t => t.TrialId, StringComparer.Ordinal))
            {
                var end = (t.RecordedAtUtc - origin).TotalSeconds;
                placed.Add(new Placed(t, byNode.Key, lanes.Count, end - Math.Max(0, t.DurationS), end));
            }
            lanes.Add(Short(byNode.Key));
        }
        return (placed, lanes);
    }

    public static Figure Of(RunHistory.Domain d, DateTimeOffset origin)
    {
        var (bars, lanes) = Layout(d.Trials, origin);
        var plt = Palette.NewPlot($"{d.Name}: trial timeline", "time since the run started (s)", "");
        var kinds = new (string Label, Func<RunHistory.Trial, bool> Is, Color Color)[]
        {
            ("baseline trial", t => t.IsBaseline && t.Outcome == TrialOutcome.Ok, Palette.SkyBlue),
            ("candidate trial", t => !t.IsBaseline && t.Outcome == TrialOutcome.Ok, Palette.Blue),
            ("failed or timed out", t => t.Outcome.IsFailure(), Palette.Vermillion),
            ("cap breach", t => t.Outcome == TrialOutcome.CapBreach, Palette.Orange),
        };
        foreach (var (label, isKind, color) in kinds)
        {
            var mine = bars.Where(b => isKind(b.Trial)).ToList();
            if (mine.Count == 0) continue;
            // Very short trials would vanish at this scale: a bar is at least 0.2% of the axis wide.
            var span = Math.Max(1e-9, bars.Max(b => b.End) - bars.Min(b => b.Start));
            var bp = plt.Add.Bars(mine.Select(b => new Bar
            {
                Position = lanes.Count - 1 - b.Lane, ValueBase = b.Start, Value = Math.Max(b.End, b.Start + span * 0.002),
                FillColor = color.WithAlpha(0.45), LineWidth = 0, Size = 0.7,
            }).ToList());
            bp.Horizontal = true;
            bp.LegendText = label;
            if (label is "failed or timed out" or "cap breach")
            {
                var m = plt.Add.Markers(mine.Select(b => b.End).ToArray(), mine.Select(b => (double)(lanes.Count - 1 - b.Lane)).ToArray());
                m.MarkerShape = label == "cap breach" ? MarkerShape.FilledTriangleUp : MarkerShape.Eks;
                m.MarkerSize = 11;
                m.Color = label == "cap breach" ? Palette.Black : Palette.Vermillion;
                m.LegendText = label == "cap breach" ? "cap breach (end marked)" : "failure (end marked)";
            }
        }
        if (lanes.Count > 0)
        {
            plt.Axes.Left.SetTicks(Enumerable.Range(0, lanes.Count).Select(i => (double)(lanes.Count - 1 - i)).ToArray(), lanes.ToArray());
            plt.Axes.SetLimitsY(-0.7, lanes.Count - 0.3);
        }
        plt.ShowLegend(Alignment.UpperRight);
        int failed = d.Trials.Count(t => t.Outcome.IsFailure()), breaches = d.Trials.Count(t => t.Outcome == TrialOutcome.CapBreach);
        var caption = $"{d.Trials.Count} trials on {d.Trials.Select(t => t.Node).Distinct().Count()} node(s): {failed} failed or timed out, {breaches} broke a cap. "
            + "A bar ends when its outcome was written to the journal and starts its measured duration earlier (the journal keeps no start time), so bars may sit up to one batch's delay late and trials of one batch pile up at the same time; a darker bar is several overlapping trials.";
        return Figure.Of($"{d.Name}-timeline", "Trial timeline", caption, plt, Figure.Width, Math.Min(1400, Math.Max(300, 160 + 50 * lanes.Count)));
    }

    /// <summary>akka.tcp://Dream@10.0.0.5:4053 as 10.0.0.5:4053.</summary>
    internal static string Short(string node)
    {
        var at = node.LastIndexOf('@');
        return at >= 0 ? node[(at + 1)..] : node;
    }
}
