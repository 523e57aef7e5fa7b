using Prom = Prometheus;

namespace Dream.Cluster.Metrics;

/// <summary>The evidence cache's series: made on first use, since the other part's constructor owns the registry's order.</summary>
public sealed partial class Metrics
{
    private Prom.Counter? _evidenceHits, _evidenceMisses, _evidenceLookedUp;

    /// <summary>
    /// A coordinator of this node journaled evidence decisions for <paramref name="domain"/>: <paramref name="hits"/>
    /// trials reused from the evidence cache, <paramref name="misses"/> candidate trials measured by a run that
    /// reuses (no fresh evidence was there), <paramref name="lookedUp"/> trials asked of the cache.
    /// </summary>
    public void Evidence(string domain, int hits, int misses, int lookedUp)
    {
        lock (_lock)
        {
            var f = Prom.Metrics.WithCustomRegistry(_registry);
            _evidenceHits ??= f.CreateCounter("dream_evidence_hits_total",
                "Trials taken from the evidence cache instead of being measured (trials-reused.v1), by domain, on the node whose coordinator decided.",
                new Prom.CounterConfiguration { LabelNames = ["domain"] });
            _evidenceMisses ??= f.CreateCounter("dream_evidence_misses_total",
                "Candidate trials measured by runs that reuse evidence, because the cache had none younger than dream.evidence.max-age, by domain.",
                new Prom.CounterConfiguration { LabelNames = ["domain"] });
            _evidenceLookedUp ??= f.CreateCounter("dream_evidence_lookups_total",
                "Trials looked up in the evidence cache when their generation was proposed, by domain.",
                new Prom.CounterConfiguration { LabelNames = ["domain"] });
            if (hits > 0) _evidenceHits.WithLabels(domain).Inc(hits);
            else _evidenceHits.WithLabels(domain);
            if (misses > 0) _evidenceMisses.WithLabels(domain).Inc(misses);
            else _evidenceMisses.WithLabels(domain);
            if (lookedUp > 0) _evidenceLookedUp.WithLabels(domain).Inc(lookedUp);
            else _evidenceLookedUp.WithLabels(domain);
        }
    }
}
