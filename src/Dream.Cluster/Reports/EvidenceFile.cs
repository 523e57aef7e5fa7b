using Dream.Cluster.Runs;
using Dream.Core.Packs;

namespace Dream.Cluster.Reports;

/// <summary>
/// runs/&lt;run_id&gt;/evidence.json, <c>"schema": "evidence.v1"</c>: per domain, what the evidence cache gave the run
/// — trials looked up, reused (hits) and measured by the run itself (misses: candidate trials, baselines apart),
/// <c>hit_rate</c> = reused / (reused + measured), null before any — and the same per generation. Written only for a
/// run that looked evidence up, from its events alone (so <c>dream report</c> writes it again identically).
/// </summary>
public sealed class EvidenceFile
{
    public const string Name = "evidence.json";

    private sealed class Tally
    {
        public long LookedUp, Reused, Measured;

        public SortedDictionary<string, object?> Json() => new(StringComparer.Ordinal)
        {
            ["looked_up"] = LookedUp,
            ["reused"] = Reused,
            ["measured"] = Measured,
            ["hit_rate"] = Reused + Measured == 0 ? null : (double)Reused / (Reused + Measured),
        };
    }

    private readonly SortedDictionary<string, (Tally All, SortedDictionary<int, Tally> ByGeneration)> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _generation = new(StringComparer.Ordinal);

    /// <summary>True once any domain of the run looked evidence up: only then is there a file.</summary>
    public bool Any => _domains.Count > 0;

    public void OnEvent(string domain, DomainEvent e)
    {
        switch (e)
        {
            case DomainEvent.GenerationProposed g:
                _generation[domain] = g.Generation;
                break;
            case DomainEvent.TrialsReused u:
                var d = Domain(domain);
                foreach (var t in new[] { d.All, Generation(d.ByGeneration, u.Generation) })
                {
                    t.LookedUp += u.LookedUp;
                    t.Reused += u.Trials.Count;
                }
                break;
            case DomainEvent.TrialsRecorded r when _domains.TryGetValue(domain, out var known):
                var measured = r.Results.Count(x => TrialIds.CandOf(x.TrialId) != DomainState.Baseline);
                known.All.Measured += measured;
                if (_generation.TryGetValue(domain, out var g2)) Generation(known.ByGeneration, g2).Measured += measured;
                break;
        }
    }

    private (Tally All, SortedDictionary<int, Tally> ByGeneration) Domain(string domain)
    {
        if (!_domains.TryGetValue(domain, out var d)) _domains[domain] = d = (new Tally(), new SortedDictionary<int, Tally>());
        return d;
    }

    private static Tally Generation(SortedDictionary<int, Tally> byGeneration, int generation)
    {
        if (!byGeneration.TryGetValue(generation, out var t)) byGeneration[generation] = t = new Tally();
        return t;
    }

    /// <summary>
    /// <c>dream report</c>'s line beside <c>trials recorded N, ...</c> (which counts only what the run measured): the
    /// trials reused from the evidence cache, and the hit rate over the candidate trials the run used.
    /// </summary>
    public static string ReportLine(RunFiles.DomainProgress p)
    {
        var used = p.TrialsReused + p.Trials;
        var rate = used == 0 ? "n/a" : (100.0 * p.TrialsReused / used).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
        return $"trials reused {p.TrialsReused} from the evidence cache (hit rate {rate}: {p.TrialsReused} reused, {p.Trials} measured; "
            + $"{p.EvidenceLookedUp} looked up)";
    }

    /// <summary>(looked up, reused, measured) of a domain; zeros when it looked nothing up.</summary>
    public (long LookedUp, long Reused, long Measured) Of(string domain) =>
        _domains.TryGetValue(domain, out var d) ? (d.All.LookedUp, d.All.Reused, d.All.Measured) : (0, 0, 0);

    /// <returns>the file written; the caller flushes it to the disk (see RunFiles)</returns>
    public string Write(string runDir, string runId)
    {
        var domains = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, d) in _domains)
        {
            var json = d.All.Json();
            json["generations"] = d.ByGeneration.Select(p =>
            {
                var g = p.Value.Json();
                g["generation"] = p.Key;
                return (object?)g;
            }).ToList();
            domains[name] = json;
        }
        var file = Path.Combine(runDir, Name);
        Json.WriteAtomically(file, new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["schema"] = "evidence.v1",
            ["run_id"] = runId,
            ["domains"] = domains,
        }, durable: false);
        return file;
    }
}
