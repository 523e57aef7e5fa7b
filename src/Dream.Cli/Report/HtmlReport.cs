using System.Globalization;
using System.Text;
using Dream.Cluster.Reports;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Trials;
using static System.Net.WebUtility;

namespace Dream.Cli.Report;

/// <summary>
/// report.html of a run: self-contained (CSS inline, every figure embedded as an SVG data URI, nothing fetched
/// from anywhere), with links to the same figures as PNG and SVG files beside it under <c>figures/</c>.
/// </summary>
public sealed class HtmlReport
{
    public const string FiguresDir = "figures";

    public IReadOnlyList<Figure> Figures { get; }
    public string Html { get; }

    private HtmlReport(IReadOnlyList<Figure> figures, string html)
    {
        Figures = figures;
        Html = html;
    }

    public static HtmlReport Of(string runId, RunHistory history)
    {
        var run = history.Run;
        var domains = history.Domains();
        var origin = run is not null && DateTimeOffset.TryParse(run.StartedAtUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : domains.Values.SelectMany(d => d.Trials).Select(x => x.RecordedAtUtc - TimeSpan.FromSeconds(x.DurationS)).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();
        var figures = new List<Figure>();
        var body = new StringBuilder();
        body.Append("<h1>Dream run ").Append(HtmlEncode(runId)).Append("</h1>\n");
        if (run is not null)
            body.Append($"<p class=\"meta\">seed {run.Seed} · started {HtmlEncode(run.StartedAtUtc)} · dream {HtmlEncode(run.DreamVersion)} · node class {HtmlEncode(run.NodeClass)} · {run.Generations} generations · domains {HtmlEncode(string.Join(", ", run.Domains))}</p>\n");
        body.Append("<nav><ul>");
        foreach (var name in domains.Keys) body.Append($"<li><a href=\"#domain-{Id(name)}\">{HtmlEncode(name)}</a></li>");
        body.Append("<li><a href=\"#method\">How the figures are made</a></li></ul></nav>\n");

        foreach (var d in domains.Values)
        {
            DomainSpec? spec = run is not null && run.Plans.TryGetValue(d.Name, out var plan) ? plan.Domain : null;
            body.Append($"<section id=\"domain-{Id(d.Name)}\">\n<h2>{HtmlEncode(d.Name)}</h2>\n");
            Summary(body, d);
            AnomalyTable.Append(body, d.Anomalies);
            OperatorLedger.AppendHtml(body, d.Operators, d.Generations);
            var ranking = KnobFigures.Importance(d, spec);
            var mine = new List<Figure> { ScoreFigure.Of(d), ForestFigure.Of(d, spec) };
            var panels = KnobFigures.Panels(d, spec);
            var importance = KnobFigures.ImportanceFigure(d, ranking);
            var timeline = TimelineFigure.Of(d, origin);
            foreach (var f in mine) AppendFigure(body, f, "wide");
            body.Append("<h3>Knobs against score</h3>\n<div class=\"panels\">\n");
            foreach (var f in panels) AppendFigure(body, f, "panel");
            body.Append("</div>\n");
            AppendFigure(body, importance, "wide");
            ImportanceTable(body, ranking);
            AppendFigure(body, timeline, "wide");
            var racing = RacingFigure.Of(d);
            if (racing is not null) AppendFigure(body, racing, "wide");
            body.Append("</section>\n");
            figures.AddRange(mine);
            figures.AddRange(panels);
            figures.Add(importance);
            figures.Add(timeline);
            if (racing is not null) figures.Add(racing);
        }
        body.Append(Method);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Dream report ").Append(HtmlEncode(runId)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append(body).Append("</body>\n</html>\n");
        return new HtmlReport(figures, html.ToString());
    }

    private static void Summary(StringBuilder b, RunHistory.Domain d)
    {
        var w = d.Winner();
        var trials = d.Trials.Where(t => !t.IsBaseline).ToList();
        var baseline = d.Trials.Count(t => t.IsBaseline);
        b.Append("<table class=\"summary\">\n");
        Row(b, "outcome", d.Finished ?? "in progress");
        Row(b, "generations completed", d.Generations.Count.ToString(CultureInfo.InvariantCulture));
        Row(b, "trials recorded", $"{trials.Count} of candidates, {baseline} of the baseline");
        Row(b, "failed or timed out", d.Trials.Count(t => t.Outcome.IsFailure()).ToString(CultureInfo.InvariantCulture));
        Row(b, "cap breaches", d.Trials.Count(t => t.Outcome == TrialOutcome.CapBreach).ToString(CultureInfo.InvariantCulture));
        Row(b, "candidates assessed", $"{d.Candidates.Count}, of which {d.Candidates.Count(c => c.ReusedFrom is not null)} reused earlier evidence (cache hits)");
        if (w is not null)
        {
            var ci = w.Pack.Aggregate.ScoreCi95 is { Count: 2 } c ? $" [{ForestFigure.Fmt(c[0])}, {ForestFigure.Fmt(c[1])}]" : " (no interval)";
            Row(b, "winner", $"{w.CandId} (generation {w.Generation}): score_v2 {ForestFigure.Fmt(w.Score)}{ci}, improves over the baseline: {(w.Pack.Aggregate.ImprovesOverBaseline ? "yes" : "no")}");
            Row(b, "winner's knobs", string.Join(", ", w.Pack.Genome.Values.Select(p => $"{p.Key}={KnobFigures.Text(p.Value)}")));
        }
        else Row(b, "winner", "none (no safe, scored candidate)");
        b.Append("</table>\n");
        b.Append(d.Eliminations.Count > 0
            ? $"<p class=\"note\">Racing dropped {d.Eliminations.Count} candidates early (figure below). Operator decisions are not in the journal, so they have no figure.</p>\n"
            : "<p class=\"note\">No candidate was raced out in this domain (no racing, or every candidate ran in full); operator decisions are not in the journal. Neither has a figure.</p>\n");
    }

    private static void ImportanceTable(StringBuilder b, IReadOnlyList<KnobImportance.Entry> ranking)
    {
        b.Append("<table class=\"importance\">\n<tr><th>rank</th><th>knob</th><th>share (omega²)</th><th>eta² (uncorrected)</th><th>groups</th><th>candidates</th></tr>\n");
        for (int i = 0; i < ranking.Count; i++)
        {
            var e = ranking[i];
            b.Append($"<tr><td>{i + 1}</td><td>{HtmlEncode(e.Knob)}</td><td>{Pct(e.Share)}</td><td>{Pct(e.EtaSquared)}</td><td>{e.Groups}</td><td>{e.Samples}</td></tr>\n");
        }
        b.Append("</table>\n");
    }

    private static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static void Row(StringBuilder b, string k, string v) => b.Append($"<tr><th>{HtmlEncode(k)}</th><td>{HtmlEncode(v)}</td></tr>\n");

    private static void AppendFigure(StringBuilder b, Figure f, string cls)
    {
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(f.Svg));
        b.Append($"<figure class=\"{cls}\" id=\"fig-{Id(f.Name)}\">\n");
        b.Append($"<img alt=\"{HtmlEncode(f.Title)}\" src=\"data:image/svg+xml;base64,{data}\">\n");
        b.Append($"<figcaption><strong>{HtmlEncode(f.Title)}.</strong> {HtmlEncode(f.Caption)} ");
        b.Append($"<span class=\"files\">Files: <a href=\"{FiguresDir}/{f.Name}.png\">PNG</a> · <a href=\"{FiguresDir}/{f.Name}.svg\">SVG</a></span></figcaption>\n</figure>\n");
    }

    private static string Id(string name) => KnobFigures.Safe(name);

    private const string Css = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff; margin: 2em auto; max-width: 1000px; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #0072B2; padding-bottom: .2em; margin-top: 2em; }
        .meta, .note { color: #444; } nav ul { list-style: none; padding: 0; } nav li { display: inline; margin-right: 1em; }
        table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #bbb; padding: .3em .6em; text-align: left; vertical-align: top; }
        table.summary th { background: #f2f2f2; width: 14em; } table.importance td:nth-child(n+3) { text-align: right; }
        figure { margin: 1.5em 0; } figure img { width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: .92em; color: #333; margin-top: .3em; }
        .panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1em; } .panels figure { margin: 0; }
        a { color: #0072B2; }
        @media print { body { max-width: none; margin: 0; } nav, .files { display: none; } figure, table { break-inside: avoid; } h2 { break-before: page; } a { color: #111; } }

        """;

    private const string Method = """
        <section id="method">
        <h2>How the figures are made</h2>
        <p>Everything here is a projection of the run's journal (the same events the run's files are written from); nothing is measured again.
        Colours are the Okabe–Ito palette, which readers with the common colour-vision deficiencies can tell apart, and each series also
        differs by marker or line pattern for grey print.</p>
        <ul>
        <li><strong>Score per generation</strong>: score_v2 of each assessed candidate (orange circles), the generation's median (green, dotted)
        and best (blue) with the best's 95% interval as a band. score_v2 is a relative change against the baseline, which scores 0.</li>
        <li><strong>Winner vs baseline</strong>: per regime and KPI, the winner's mean over its successful trials and its 95% interval, and the
        baseline's mean with the interval recorded when it was measured, both in percent of the baseline's mean.</li>
        <li><strong>Knobs against score</strong>: one panel per knob, every distinctly measured scored candidate once (an elite whose evidence was
        reused in a later generation is not drawn again); a categorical knob as strips, one per choice.</li>
        <li><strong>Knob importance</strong>: for each knob the candidates are grouped by its value (each category; a numeric knob by value when it
        has at most 5 distinct values, else in 5 equal-count bins of its sorted values). The share is omega squared,
        (SS<sub>between</sub> − (k − 1)·MS<sub>within</sub>) / (SS<sub>total</sub> + MS<sub>within</sub>), clamped at 0: the first-order variance share of fANOVA on a
        piecewise-constant model of one knob, corrected so that a knob that does nothing scores about 0 whatever its number of groups. Interactions
        are not attributed and knobs the search moved together share credit.</li>
        <li><strong>Trial timeline</strong>: one lane per node, trials as translucent bars (overlapping trials darker). The journal records when a trial's outcome was
        written and its measured duration, not its start, so each bar ends at its batch's journal write and may sit up to one batch's delay late.</li>
        </ul>
        </section>

        """;
}
