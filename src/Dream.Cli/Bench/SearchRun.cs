using System.Diagnostics;
using Dream.Core.Domain;
using Dream.Core.Evolution;

namespace Dream.Cli.Bench;

/// <summary>
/// One tuning run of a search bench: the winner (the candidate with the best score_v2, the first of equals, as a run
/// reports it), its true distance to the optimum, and what the run spent.
/// </summary>
public sealed record SearchRun(long Seed, double F, int Trials, int Candidates, int Generations, double? BestScore, Genome? Best, double WallMs)
{
    /// <summary>The population operators' decisions of a run with them (<c>+ops</c>), each with the gain it realised.</summary>
    public IReadOnlyList<(OperatorDecision Decision, double Realised)> Operators { get; init; } = [];

    /// <summary>The suffix of a strategy name that runs it with <see cref="PopulationOperators"/> after each proposal.</summary>
    public const string WithOperators = "+ops";

    /// <summary>
    /// The suffix of a strategy name that races each generation as <c>dream run</c> does by default
    /// (<see cref="RacingRun.Raced"/>), for as many generations as the budget pays for.
    /// </summary>
    public const string WithRace = "+race";

    /// <summary>The strategy a name with its suffixes stands for.</summary>
    public static string StrategyOf(string name) =>
        name.Replace(WithOperators, "", StringComparison.Ordinal).Replace(WithRace, "", StringComparison.Ordinal);

    /// <summary>A raced run of the strategy under the trial budget, as a row of the search bench.</summary>
    public static SearchRun OfRace(SimMeasure m, long seed, int budget)
    {
        var r = RacingRun.Of(m, new RacingRun.Raced(m, Dream.Core.Racing.RaceSettings.Default), seed, int.MaxValue, budget);
        return new SearchRun(seed, r.F, r.Trials, r.Candidates, r.Generations, r.BestScore, r.Best, r.WallMs);
    }

    /// <summary>
    /// A Dream strategy, generation by generation as the coordinator drives it: propose, measure each candidate not
    /// measured before (one measured before keeps its score, as a run reuses its evidence), score, next generation;
    /// until the next new candidate would pass <paramref name="budget"/> trials. The last generation may be cut short,
    /// and is then not shown to the strategy.
    /// </summary>
    public static SearchRun OfStrategy(SimMeasure m, string strategy, long seed, int budget)
    {
        var clock = Stopwatch.StartNew();
        var operators = strategy.EndsWith(WithOperators, StringComparison.Ordinal);
        var s = Strategies.Create(m.Space, m.Plan.Evolution, seed, SearchLandscape.Domain);
        var population = m.Plan.Evolution.Population;
        // The generations the budget allows when every candidate is new: the run's plan, as the operators see it.
        var planned = Math.Max(1, budget / (population * m.TrialsPerCandidate));
        var decisions = new List<(OperatorDecision, double)>();
        var history = new List<IReadOnlyList<Scored>>();
        var book = new Book(m, budget);
        var idle = 0;
        for (var g = 0; ; g++)
        {
            var measuredBefore = book.Candidates;
            var scored = new List<Scored>();
            var full = false;
            var proposal = s.Propose(g, history.ToArray());
            OperatorDecision? decision = null;
            if (operators)
            {
                decision = PopulationOperators.Decide(m.Space, history.ToArray(), planned, population, OperatorSettings.Default);
                proposal = PopulationOperators.Apply(decision, m.Space, proposal, history.ToArray(), OperatorSettings.Default,
                    GenerationRandom.Derive(seed, SearchLandscape.Domain, "operators", g));
            }
            for (var i = 0; i < proposal.Count; i++)
            {
                if (book.Evaluate(proposal[i], g, i) is not { } score)
                {
                    full = true;
                    break;
                }
                scored.Add(new Scored(proposal[i], score.Value));
            }
            if (full) return book.Result(seed, g + (scored.Count > 0 ? 1 : 0), clock) with { Operators = decisions };
            history.Add(scored);
            if (decision is { Operator: not PopulationOperator.None })
                decisions.Add((decision, PopulationOperators.RealisedGain(history, g)));
            // A strategy that only re-proposes measured genomes would never spend its budget.
            idle = book.Candidates == measuredBefore ? idle + 1 : 0;
            if (idle >= 3) return book.Result(seed, g + 1, clock) with { Operators = decisions };
        }
    }

    /// <summary>Trials spent, scores known, and the best so far, shared by the strategies and the peer.</summary>
    internal sealed class Book(SimMeasure m, int budget)
    {
        private readonly Dictionary<Genome, double?> _scores = new();
        private double? _bestScore;
        private Genome? _best;

        public int Trials { get; private set; }
        public int Candidates => _scores.Count;

        /// <summary>The candidate's score (wrapped: its inner value null when unsafe), or null when the budget cannot measure it.</summary>
        public Box? Evaluate(Genome genome, int generation, int index)
        {
            if (!_scores.TryGetValue(genome, out var score))
            {
                if (Trials + m.TrialsPerCandidate > budget) return null;
                score = m.Score(genome, generation, DomainState(generation, index));
                Trials += m.TrialsPerCandidate;
                _scores[genome] = score;
            }
            if (score is { } v && (_bestScore is null || v > _bestScore))
            {
                _bestScore = v;
                _best = genome;
            }
            return new Box(score);
        }

        public SearchRun Result(long seed, int generations, Stopwatch clock) =>
            new(seed, _best is null ? double.NaN : m.Distance(_best), Trials, Candidates, generations, _bestScore, _best,
                clock.Elapsed.TotalMilliseconds);

        private static string DomainState(int generation, int index) => Dream.Cluster.Runs.DomainState.CandId(generation, index);
    }

    internal sealed record Box(double? Value);
}
