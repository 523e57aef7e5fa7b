using System.Diagnostics;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Packs;
using Dream.Core.Racing;
using Dream.Trials;

namespace Dream.Cli.Bench;

/// <summary>
/// One campaign of <c>dream bench racing</c> on a sim landscape: the strategy proposes each generation, the
/// generation's new candidates are measured under one allocation (every trial, a race, or a bandit), scored as a run
/// scores them (<see cref="SimMeasure.Score(Genome,int,string,IReadOnlyDictionary{string,TrialResult},PackEvidence?)"/>),
/// ranked for selection as a run ranks them (<see cref="RaceRanking"/>), and shown to the strategy. A candidate
/// measured in an earlier generation keeps its evidence, as a run reuses it.
/// </summary>
public sealed record RacingRun(long Seed, string Allocation, double F, int Trials, double TrialSeconds, int Candidates, int Generations,
    double? BestScore, int TrueBestEliminated, int GenerationsRaced, int Eliminated, double WallMs, IReadOnlyList<double> DecisionMs)
{
    /// <summary>The winner: the best score among the candidates not eliminated.</summary>
    public Genome? Best { get; init; }

    /// <summary>How one generation's new candidates spend their trials.</summary>
    public interface IAllocator
    {
        string Name { get; }

        /// <summary>For each candidate: the trials it is given (a subset of <see cref="Entrant.All"/>) and its pack evidence (null under full).</summary>
        IReadOnlyList<Given> Allocate(int generation, IReadOnlyList<Entrant> entrants, List<double> decisionMs);
    }

    public sealed record Entrant(string CandId, Genome Genome, IReadOnlyDictionary<string, TrialResult> All);

    public sealed record Given(IReadOnlyDictionary<string, TrialResult> Trials, PackEvidence? Evidence);

    /// <summary>Every candidate every trial: today's behaviour.</summary>
    public sealed class Full : IAllocator
    {
        public string Name => RunSpec.FullAllocation;

        public IReadOnlyList<Given> Allocate(int generation, IReadOnlyList<Entrant> entrants, List<double> decisionMs) =>
            entrants.Select(e => new Given(e.All, null)).ToList();
    }

    /// <summary>The race a run's <see cref="RaceActor"/> runs: after every block, <see cref="Race.Run"/> over the blocks measured so far.</summary>
    public sealed class Raced(SimMeasure m, RaceSettings settings) : IAllocator
    {
        private readonly RaceOutcomes _outcomes = new(m.Plan, m.Baselines);

        public string Name => RunSpec.RaceAllocation;

        public IReadOnlyList<Given> Allocate(int generation, IReadOnlyList<Entrant> entrants, List<double> decisionMs)
        {
            var blocks = _outcomes.Blocks;
            _seen.Clear();
            var byId = entrants.ToDictionary(e => e.CandId);
            var order = entrants.Select(e => e.CandId).ToList();
            var floor = Math.Max(1, m.Plan.Evolution.Elites);
            var measured = 0;
            Race.Standing standing;
            while (true)
            {
                var limit = measured;
                var start = Stopwatch.GetTimestamp();
                standing = Race.Run(order, blocks.Count, m.Plan.Regimes.Count, (c, b) => b < limit ? Outcome(byId[c], b) : null, settings, floor,
                    RaceActor.Enough(m.Plan));
                decisionMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (standing.Complete) break;
                measured = standing.NextBlock + 1;
            }
            var eliminatedAt = standing.Eliminations.ToDictionary(e => e.CandId, e => e.Block);
            return entrants.Select(e =>
            {
                var last = eliminatedAt.TryGetValue(e.CandId, out var b) ? b : standing.NextBlock - 1;
                var trials = blocks.Take(last + 1).Select(k => Id(e.CandId, k)).ToDictionary(id => id, id => e.All[id]);
                var evidence = eliminatedAt.ContainsKey(e.CandId)
                    ? new PackEvidence(trials.Count, last + 1, PackEvidence.EliminatedAt(last))
                    : new PackEvidence(trials.Count, standing.NextBlock, PackEvidence.Completed);
                return new Given(trials, evidence);
            }).ToList();
        }

        private readonly Dictionary<(string, int), BlockOutcome> _seen = new();

        /// <summary>A recorded trial's outcome never changes, so it is worked out once, as <see cref="RaceActor"/> does.</summary>
        private BlockOutcome Outcome(Entrant e, int block)
        {
            if (_seen.TryGetValue((e.CandId, block), out var o)) return o;
            return _seen[(e.CandId, block)] = _outcomes.Of(e.All[Id(e.CandId, _outcomes.Blocks[block])], _outcomes.Blocks[block].Regime);
        }

        private string Id(string candId, Block b) => TrialIds.Of(m.Run.RunId, m.Run.Domains[0], candId, b.Regime, b.Trial);
    }

    /// <summary>
    /// A bandit (<see cref="Bandit"/>) spends <paramref name="budget"/> trials per generation: <paramref name="slots"/>
    /// runner slots ask at once, each gets the next block of the arm it chose, and the answers are recorded before the
    /// next round asks. A candidate that ends with less evidence than scores it (<see cref="RaceActor.Enough"/>) is
    /// eliminated where its evidence stopped; a failed trial exhausts its arm.
    /// </summary>
    public sealed class Bandited(SimMeasure m, BanditSettings settings, long seed, int budget, int slots = 4) : IAllocator
    {
        private readonly RaceOutcomes _outcomes = new(m.Plan, m.Baselines);

        public string Name => settings.Name;

        public List<BanditChoice> Choices { get; } = new();

        public IReadOnlyList<Given> Allocate(int generation, IReadOnlyList<Entrant> entrants, List<double> decisionMs)
        {
            var blocks = _outcomes.Blocks;
            var scores = entrants.ToDictionary(e => e.CandId, _ => new List<double>());
            var at = entrants.ToDictionary(e => e.CandId, _ => new List<int>());
            var failed = new HashSet<string>();
            var spent = 0;
            var decision = 0;
            while (spent < budget)
            {
                var round = new List<string>();
                for (var slot = 0; slot < slots && spent + round.Count < budget; slot++)
                {
                    // A slot's pick is pending, not yet evidence: the arm's blocks still to measure count it.
                    var arms = entrants.Select(e => new Bandit.Arm(e.CandId, scores[e.CandId], at[e.CandId],
                        failed.Contains(e.CandId) || scores[e.CandId].Count + round.Count(c => c == e.CandId) >= blocks.Count)).ToList();
                    if (arms.All(a => a.Exhausted)) break;
                    var start = Stopwatch.GetTimestamp();
                    var choice = Bandit.Choose(arms, settings, seed, SearchLandscape.Domain, generation, decision++, slot);
                    decisionMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Choices.Add(choice);
                    round.Add(choice.Chosen);
                }
                if (round.Count == 0) break;
                foreach (var c in round)
                {
                    var e = entrants.First(x => x.CandId == c);
                    var b = blocks[scores[c].Count + (failed.Contains(c) ? 1 : 0)];
                    spent++;
                    switch (_outcomes.Of(e.All[TrialIds.Of(m.Run.RunId, m.Run.Domains[0], c, b.Regime, b.Trial)], b.Regime))
                    {
                        case BlockOutcome.Scored sc:
                            scores[c].Add(sc.Score);
                            at[c].Add(decision);
                            break;
                        default:
                            failed.Add(c);
                            break;
                    }
                }
            }
            var enough = RaceActor.Enough(m.Plan);
            return entrants.Select(e =>
            {
                var n = scores[e.CandId].Count + (failed.Contains(e.CandId) ? 1 : 0);
                var trials = blocks.Take(n).Select(k => TrialIds.Of(m.Run.RunId, m.Run.Domains[0], e.CandId, k.Regime, k.Trial))
                    .ToDictionary(id => id, id => e.All[id]);
                var evidence = n >= enough && !failed.Contains(e.CandId)
                    ? new PackEvidence(n, n, PackEvidence.Completed)
                    : new PackEvidence(n, n, PackEvidence.EliminatedAt(Math.Max(0, n - 1)));
                return new Given(trials, evidence);
            }).ToList();
        }
    }

    /// <summary>
    /// Runs <paramref name="generations"/> generations of the plan's strategy under <paramref name="allocator"/>; with a
    /// <paramref name="trialBudget"/>, as many generations as it pays for: a generation starts only while its new
    /// candidates, each given every trial, would still fit in what is left, so the budget is never passed (what the
    /// race saves buys more generations).
    /// </summary>
    public static RacingRun Of(SimMeasure m, IAllocator allocator, long seed, int generations, int? trialBudget = null)
    {
        var clock = Stopwatch.StartNew();
        var strategy = Strategies.Create(m.Space, m.Plan.Evolution, seed, SearchLandscape.Domain);
        var outcomes = new RaceOutcomes(m.Plan, m.Baselines);
        var durations = m.Plan.Regimes.ToDictionary(r => r.Name, r => TrialSecondsOf(m, r));
        var known = new Dictionary<Genome, (double? Score, bool Eliminated)>();
        var history = new List<IReadOnlyList<Scored>>();
        var decisionMs = new List<double>();
        double? bestScore = null;
        Genome? best = null;
        int trials = 0, trueBestEliminated = 0, raced = 0, eliminated = 0;
        double trialSeconds = 0;
        var idle = 0;
        var ran = 0;
        for (var g = 0; g < generations; g++)
        {
            var proposal = strategy.Propose(g, history.ToArray());
            var entrants = new List<Entrant>();
            for (var i = 0; i < proposal.Count; i++)
            {
                if (known.ContainsKey(proposal[i]) || entrants.Any(e => e.Genome.Equals(proposal[i]))) continue;
                var candId = DomainState.CandId(g, i);
                entrants.Add(new Entrant(candId, proposal[i], m.Measure(proposal[i], candId)));
            }
            if (trialBudget is { } budget)
            {
                if (trials + entrants.Count * m.TrialsPerCandidate > budget) break;
                // a strategy that only re-proposes measured genomes would never spend its budget
                idle = entrants.Count == 0 ? idle + 1 : 0;
                if (idle >= 3) break;
            }
            ran = g + 1;
            if (entrants.Count > 0)
            {
                var given = allocator.Allocate(g, entrants, decisionMs);
                var trueBest = entrants.MaxBy(e => TrueScore(m, outcomes, e.Genome))!;
                for (var i = 0; i < entrants.Count; i++)
                {
                    var e = entrants[i];
                    var out_ = given[i].Evidence is { Eliminated: true };
                    trials += given[i].Trials.Count;
                    foreach (var t in given[i].Trials.Values) trialSeconds += durations[RegimeOf(m, e.CandId, t.TrialId)];
                    known[e.Genome] = (m.Score(e.Genome, g, e.CandId, given[i].Trials, given[i].Evidence), out_);
                    if (out_) eliminated++;
                    if (out_ && e == trueBest) trueBestEliminated++;
                }
                raced++;
            }
            var selection = RaceRanking.SelectionScores(proposal.Select(p => known[p]).ToList());
            history.Add(proposal.Select((p, i) => new Scored(p, selection[i])).ToList());
            foreach (var p in proposal)
            {
                var (score, out_) = known[p];
                if (out_ || score is not { } s || (bestScore is { } b && s <= b)) continue;
                bestScore = s;
                best = p;
            }
        }
        return new RacingRun(seed, allocator.Name, best is null ? double.NaN : m.Distance(best), trials, trialSeconds, known.Count, ran,
            bestScore, trueBestEliminated, raced, eliminated, clock.Elapsed.TotalMilliseconds, decisionMs) { Best = best };
    }

    /// <summary>
    /// The seconds a trial of a regime keeps a machine busy: warmup and duration; a sim landscape's trials take no
    /// time, and there every trial counts <see cref="NominalTrialSeconds"/> (all trials of a landscape are equally long,
    /// so trial-seconds then compare as trials do).
    /// </summary>
    public static double TrialSecondsOf(SimMeasure m, Dream.Core.Domain.RegimeSpec r) =>
        r.DurationS + m.Plan.Execution.WarmupS is var s && s > 0 ? s : NominalTrialSeconds;

    public const double NominalTrialSeconds = 1.0;

    /// <summary>What a candidate's trials measure on average, in block-score terms: the mean over the regimes of its noise-free block score.</summary>
    public static double TrueScore(SimMeasure m, RaceOutcomes outcomes, Genome genome)
    {
        var kpis = m.Plan.Regimes.Select(r =>
        {
            var k = m.TrueKpis(genome, r.Name);
            return outcomes.Score(new Dictionary<string, double>
            {
                [Dream.Trials.Sim.SimKpis.PerfName] = k.Perf,
                [Dream.Trials.Sim.SimKpis.P95Name] = k.P95Ms,
                [Dream.Trials.Sim.SimKpis.WattsName] = k.Watts,
            }, r.Name);
        });
        return kpis.Average();
    }

    private static string RegimeOf(SimMeasure m, string candId, string trialId) =>
        m.Plan.Regimes.First(r => Enumerable.Range(0, m.Plan.Execution.Trials)
            .Any(k => TrialIds.Of(m.Run.RunId, m.Run.Domains[0], candId, r.Name, k) == trialId)).Name;
}
