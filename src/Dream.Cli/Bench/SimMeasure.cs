using Dream.Cli.Commands;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Core.Domain;
using Dream.Core.Knobs;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Trials;
using Dream.Trials.Sim;

namespace Dream.Cli.Bench;

/// <summary>
/// Measures and scores candidates of a sim landscape in this process exactly as <c>dream run --domain sim</c> does,
/// without actors or a journal: the run's spec from the same config and choices (<see cref="RunSpecs.Create"/>), each
/// trial's KPIs from <see cref="SimFunction.Kpis"/> with its seeded noise (run seed, genome, regime, trial index),
/// caps checked on every trial, baselines from the stock genome's trials (<see cref="BaselineMeasurement"/>), and
/// score_v2 from <see cref="CandidateScoring.Assess"/>. A sim trial takes no time, so nothing is waited for.
/// </summary>
public sealed class SimMeasure
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private readonly RunSpec _run;
    private readonly IReadOnlyDictionary<string, SimParams> _sim;
    private readonly IReadOnlyDictionary<string, Baseline> _baselines;
    private readonly IReadOnlyDictionary<string, object> _optimum;

    public RunSpec.DomainPlan Plan { get; }
    public KnobSpace Space { get; }
    public Genome Stock { get; }

    /// <param name="strategy">the strategy the run's plan names (ga, cmaes, tpe); a peer's runs name ga, which they do not use</param>
    public SimMeasure(DreamConfig config, string domain, long seed, string strategy, int population, int generations)
    {
        _run = RunSpecs.Create(config, new RunSpecs.Choices([domain], population, generations, null, [], seed, strategy, false),
            "bench-search-" + seed, At, "bench");
        Plan = _run.Plan(domain);
        Space = KnobSpace.Of(Plan.Domain.Knobs);
        Stock = Space.Stock(new Dictionary<string, object>());
        _sim = Plan.Regimes.ToDictionary(r => r.Name, r => SimParams.From(r.Workload));
        var optima = _sim.Values.Select(p => p.Optimum).ToList();
        if (optima.Any(o => !Canonical.ValueEquals(o, optima[0])))
            throw new ArgumentException("the regimes of a search landscape must share one optimum");
        _optimum = optima[0];
        var baselines = new Dictionary<string, Baseline>();
        foreach (var regime in Plan.Regimes)
        {
            var b = BaselineMeasurement.Of(_run, domain, regime, Stock, Trials(Stock, DomainState.Baseline), At);
            baselines[regime.Name] = b.Baseline ?? throw new InvalidOperationException(b.Error);
        }
        _baselines = baselines;
    }

    /// <summary>Trials one candidate costs: every regime, the run's trials each.</summary>
    public int TrialsPerCandidate => Plan.Regimes.Count * Plan.Execution.Trials;

    /// <summary>score_v2 of a candidate measured afresh; null when unsafe.</summary>
    public double? Score(Genome genome, int generation, string candId) =>
        CandidateScoring.Assess(_run, _run.Domains[0], generation, candId, genome, Trials(genome, candId), _baselines, At).Score;

    /// <summary>The true distance to the optimum: Σ z² over the knobs it names, each scaled by its range (0 = optimum).</summary>
    public double Distance(Genome genome) => SimFunction.Z(Plan.Domain.Knobs, genome, _optimum).Sum(z => z * z);

    /// <summary>The run's spec the candidates are measured under.</summary>
    public RunSpec Run => _run;

    /// <summary>The baselines of the regimes, measured from the stock genome.</summary>
    public IReadOnlyDictionary<string, Baseline> Baselines => _baselines;

    /// <summary>Every trial of a candidate (every regime, the run's trials each), by trial id.</summary>
    public IReadOnlyDictionary<string, TrialResult> Measure(Genome genome, string candId) => Trials(genome, candId);

    /// <summary>score_v2 of a candidate from the given trials (a raced candidate's evidence); null when unsafe.</summary>
    public double? Score(Genome genome, int generation, string candId, IReadOnlyDictionary<string, TrialResult> results, PackEvidence? raced) =>
        CandidateScoring.Assess(_run, _run.Domains[0], generation, candId, genome, results, _baselines, At, raced).Score;

    /// <summary>A regime's sim parameters without noise: what a candidate's trials measure on average.</summary>
    public SimKpis TrueKpis(Genome genome, string regime)
    {
        var p = _sim[regime];
        return SimFunction.Kpis(new SimParams(p.Function, p.Optimum, 0), Plan.Domain.Knobs, genome, _run.Seed, regime, 0);
    }

    private Dictionary<string, TrialResult> Trials(Genome genome, string candId)
    {
        var results = new Dictionary<string, TrialResult>();
        foreach (var regime in Plan.Regimes)
        {
            for (var k = 0; k < Plan.Execution.Trials; k++)
            {
                var id = TrialIds.Of(_run.RunId, _run.Domains[0], candId, regime.Name, k);
                var kpis = SimFunction.Kpis(_sim[regime.Name], Plan.Domain.Knobs, genome, _run.Seed, regime.Name, k);
                var values = new Dictionary<string, double>
                {
                    [SimKpis.PerfName] = kpis.Perf,
                    [SimKpis.P95Name] = kpis.P95Ms,
                    [SimKpis.WattsName] = kpis.Watts,
                };
                results[id] = new TrialResult(id, TrialOutcome.Ok, values, new Dictionary<string, string>(),
                    Breaches(regime.Name, k, values), null, 0, "bench");
            }
        }
        return results;
    }

    private List<CapBreach> Breaches(string regime, int trial, IReadOnlyDictionary<string, double> values)
    {
        var breaches = new List<CapBreach>();
        foreach (var cap in Plan.Caps.Values)
        {
            if (!values.TryGetValue(cap.Kpi, out var v)) continue;
            if (cap.Max is { } max && v > max) breaches.Add(new CapBreach(regime, trial, cap.Kpi, v, max, "max", 0));
            if (cap.Min is { } min && v < min) breaches.Add(new CapBreach(regime, trial, cap.Kpi, v, min, "min", 0));
        }
        return breaches;
    }
}
