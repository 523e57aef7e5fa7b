using System.Globalization;
using System.Net;
using Dream.Cluster.Runs;

namespace Dream.Cli.Report;

/// <summary>
/// The population operator decisions of a run's journal (operator-decided.v1), each scored against the gain it
/// realised: how much the domain's best score_v2 so far rose with the generation the operator changed, read from the
/// generation-completed events (the same rule as <see cref="Dream.Core.Evolution.PopulationOperators.RealisedGain"/>).
/// </summary>
public sealed class OperatorLedger
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<DomainEvent.OperatorDecided>> _decisions = new();
    private readonly Dictionary<string, SortedDictionary<int, double?>> _bests = new();

    /// <summary>Takes the events of a replay; other events are ignored. Safe to call from several domains' replays at once.</summary>
    public void OnEvent(string domain, DomainEvent e)
    {
        lock (_lock)
        {
            switch (e)
            {
                case DomainEvent.OperatorDecided o:
                    Of(_decisions, domain).Add(o);
                    break;
                case DomainEvent.GenerationCompleted c:
                    Of(_bests, domain)[c.Generation] = c.BestScore;
                    break;
            }
        }
    }

    /// <summary>One line per decision of <paramref name="domain"/>, in generation order.</summary>
    public IReadOnlyList<string> Lines(string domain)
    {
        lock (_lock)
        {
            if (!_decisions.TryGetValue(domain, out var decisions)) return [];
            var bests = _bests.GetValueOrDefault(domain) ?? new SortedDictionary<int, double?>();
            return decisions.OrderBy(d => d.Generation).Select(d => Line(d, Realised(bests, d.Generation))).ToList();
        }
    }

    /// <summary>The rise of the best score so far with <paramref name="generation"/>; null while it has not completed.</summary>
    public static double? Realised(IReadOnlyDictionary<int, double?> bests, int generation)
    {
        if (!bests.ContainsKey(generation)) return null;
        double? before = null, after = null;
        foreach (var (g, best) in bests)
        {
            if (g > generation || best is not { } b) continue;
            if (g < generation && (before is null || b > before)) before = b;
            if (after is null || b > after) after = b;
        }
        return after is { } a ? a - (before ?? a) : 0;
    }

    public static string Line(DomainEvent.OperatorDecided d, double? realised) =>
        string.Format(CultureInfo.InvariantCulture, "operator {0} (generation {1}, {2} proposal(s) replaced): {3}; expected gain {4:+0.0000;-0.0000;0.0000}, realised {5}",
            d.Operator, d.Generation, d.Count, d.Rule, d.ExpectedGain,
            realised is { } r ? r.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "pending (generation not completed)");

    /// <summary>The HTML report's table of the decisions, each with its realised gain; nothing for a run without any.</summary>
    public static void AppendHtml(System.Text.StringBuilder b, IReadOnlyList<DomainEvent.OperatorDecided> decisions,
        IReadOnlyList<DomainEvent.GenerationCompleted> completed)
    {
        if (decisions.Count == 0) return;
        var bests = new SortedDictionary<int, double?>();
        foreach (var c in completed) bests[c.Generation] = c.BestScore;
        b.Append("<h3>Population operators</h3>\n<table class=\"operators\">\n<tr><th>generation</th><th>operator</th><th>rule</th>"
            + "<th>replaced</th><th>expected gain</th><th>realised gain</th></tr>\n");
        foreach (var d in decisions.OrderBy(d => d.Generation))
        {
            var r = Realised(bests, d.Generation);
            b.Append(string.Format(CultureInfo.InvariantCulture,
                "<tr><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4:+0.0000;-0.0000;0.0000}</td><td>{5}</td></tr>\n",
                d.Generation, WebUtility.HtmlEncode(d.Operator), WebUtility.HtmlEncode(d.Rule), d.Count, d.ExpectedGain,
                r is { } v ? v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "pending"));
        }
        b.Append("</table>\n");
    }

    private static List<DomainEvent.OperatorDecided> Of(Dictionary<string, List<DomainEvent.OperatorDecided>> d, string domain) =>
        d.TryGetValue(domain, out var l) ? l : d[domain] = new();

    private static SortedDictionary<int, double?> Of(Dictionary<string, SortedDictionary<int, double?>> d, string domain) =>
        d.TryGetValue(domain, out var l) ? l : d[domain] = new();
}
