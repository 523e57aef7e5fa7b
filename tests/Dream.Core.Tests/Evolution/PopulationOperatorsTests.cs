using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

public class PopulationOperatorsTests
{
    private static readonly KnobSpace Space = KnobSpace.Of([FloatKnob("x", 0, 1, null), FloatKnob("y", 0, 1, null), Choice("c", "a", "b", "c")]);
    private static readonly OperatorSettings S = OperatorSettings.Default;

    private static IReadOnlyList<IReadOnlyList<Scored>> Run(int generations, Func<Genome, double?> score) =>
        Campaigns.Run(Strategies.Create(Space, EvolutionParams.Default.WithStrategy("ga").WithPopulation(10), 1, "cpu"), generations, score);

    private static IReadOnlyList<Scored> Generation(params (double X, double Y, double? Score)[] members) =>
        members.Select(m => new Scored(Genome.Of(("x", m.X), ("y", m.Y), ("c", "a")), m.Score)).ToArray();

    [Fact]
    public void AStagnatingRunOnAFlatRegionTriggersDiversify()
    {
        var history = Run(4, _ => 1.0);
        var d = PopulationOperators.Decide(Space, history, 20, 10, S);
        Assert.Equal(PopulationOperator.Diversify, d.Operator);
        Assert.StartsWith("stagnation", d.Rule);
        Assert.Equal(4, d.Generation);
        Assert.Equal(2, d.Count);
    }

    [Fact]
    public void AnImprovingDiverseRunTriggersNothing()
    {
        // score_v2 puts the baseline at 0: here every candidate beats it, as in a healthy run
        var sphere = Campaigns.Sphere(Space, Campaigns.Map(("x", 0.3), ("y", 0.8)));
        var history = Run(4, g => sphere(g) + 2.5);
        var d = PopulationOperators.Decide(Space, history, 20, 10, S);
        Assert.Equal(PopulationOperator.None, d.Operator);
        Assert.Equal("no rule fired", d.Rule);
    }

    [Fact]
    public void ACandidateBelowTheBaselineOrUnsafeIsReplacedByOffspringOfTheBest()
    {
        IReadOnlyList<IReadOnlyList<Scored>> history =
        [
            Generation((0.1, 0.1, 1.0), (0.9, 0.9, 2.0), (0.3, 0.6, 1.5)),
            Generation((0.5, 0.5, 3.0), (0.2, 0.8, null), (0.7, 0.2, -0.4)),
        ];
        var d = PopulationOperators.Decide(Space, history, 20, 3, S);
        Assert.Equal(PopulationOperator.Replace, d.Operator);
        Assert.StartsWith("floor: 2 of 3 candidates of generation 1", d.Rule);
        Assert.Equal(2, d.Count);
        Assert.True(d.ExpectedGain > 0);
        var proposal = new[] { G(0.11, 0.2), G(0.4, 0.4), G(0.6, 0.1) };
        var applied = PopulationOperators.Apply(d, Space, proposal, history, S, new SeededRandom(5));
        Assert.Equal(3, applied.Count);
        Assert.Equal(proposal[0], applied[0]); // the first proposals are kept
        Assert.Equal(applied.Count, applied.Distinct().Count());
        // offspring of the two best (3.0 at (0.5, 0.5) and 2.0 at (0.9, 0.9)): every knob near one parent's
        foreach (var child in applied.Skip(1))
            foreach (var knob in new[] { "x", "y" })
            {
                var v = (double)child.Get(knob)!;
                Assert.True(Math.Abs(v - 0.5) < 0.3 || Math.Abs(v - 0.9) < 0.3, $"{knob} = {v}");
            }
    }

    [Fact]
    public void BestGenomesThatScoreAlikeButLieApartAreRecombined()
    {
        IReadOnlyList<IReadOnlyList<Scored>> history =
        [
            Generation((0.1, 0.9, 1.0), (0.9, 0.1, 1.5), (0.5, 0.5, 0.5)),
            Generation((0.1, 0.1, 2.0), (0.9, 0.9, 2.01), (0.2, 0.8, 2.005)),
        ];
        var d = PopulationOperators.Decide(Space, history, 20, 4, S);
        Assert.Equal(PopulationOperator.Ensemble, d.Operator);
        Assert.StartsWith("the best 3 score within", d.Rule);
        var proposal = new[] { G(0.3, 0.3), G(0.4, 0.4), G(0.6, 0.6), G(0.7, 0.7) };
        var applied = PopulationOperators.Apply(d, Space, proposal, history, S, new SeededRandom(9));
        Assert.Equal(proposal.Take(2), applied.Take(2));
        var members = new[] { (0.1, 0.1), (0.9, 0.9), (0.2, 0.8) };
        foreach (var child in applied.Skip(2))
        {
            Assert.Contains((double)child.Get("x")!, members.Select(m => m.Item1));
            Assert.Contains((double)child.Get("y")!, members.Select(m => m.Item2));
        }
    }

    private static Genome G(double x, double y) => Genome.Of(("x", x), ("y", y), ("c", "a"));

    [Fact]
    public void ACollapsedGenerationTriggersDiversifyEvenWhileImproving()
    {
        IReadOnlyList<IReadOnlyList<Scored>> history =
        [
            Generation((0.1, 0.1, 1.0), (0.9, 0.9, 2.0)),
            Generation((0.5, 0.5, 3.0), (0.501, 0.5, 4.0), (0.5, 0.502, 5.0)),
        ];
        var d = PopulationOperators.Decide(Space, history, 20, 3, S);
        Assert.Equal(PopulationOperator.Diversify, d.Operator);
        Assert.StartsWith("diversity collapse", d.Rule);
    }

    [Fact]
    public void LateInTheBudgetSpecializes()
    {
        var history = Run(8, Campaigns.Sphere(Space, Campaigns.Map(("x", 0.3))));
        // Without a cooldown, so that an earlier operator cannot hold this one back; late wins over stagnation.
        var d = PopulationOperators.Decide(Space, history, 10, 10, S with { Cooldown = 0 });
        Assert.Equal(PopulationOperator.Specialize, d.Operator);
        Assert.StartsWith("late", d.Rule);
        Assert.Equal(5, d.Count);
    }

    [Fact]
    public void TheCooldownFollowsFromTheHistoryAlone()
    {
        var history = Run(6, _ => 1.0);
        // Stagnation from generation 4 on: 4 fires, 5 and 6 are in its cooldown, 7 may fire again.
        Assert.Equal(PopulationOperator.Diversify, PopulationOperators.Decide(Space, history.Take(4).ToArray(), 20, 10, S).Operator);
        var five = PopulationOperators.Decide(Space, history.Take(5).ToArray(), 20, 10, S);
        Assert.Equal(PopulationOperator.None, five.Operator);
        Assert.Equal("cooldown: Diversify at generation 4", five.Rule);
        Assert.Equal(PopulationOperator.None, PopulationOperators.Decide(Space, history, 20, 10, S).Operator);
        var seven = Run(7, _ => 1.0);
        Assert.Equal(PopulationOperator.Diversify, PopulationOperators.Decide(Space, seven, 20, 10, S).Operator);
    }

    [Fact]
    public void DiversifyReplacesTheLastProposalsWithNewcomersFarFromWhatWasMeasured()
    {
        // Everything measured so far sits in the corner x, y < 0.2.
        var rng = new SeededRandom(4);
        var corner = Enumerable.Range(0, 12).Select(i => (0.2 * rng.NextDouble(), 0.2 * rng.NextDouble(), (double?)1.0)).ToArray();
        IReadOnlyList<IReadOnlyList<Scored>> history = [Generation(corner)];
        var proposal = Enumerable.Range(0, 6).Select(i => Genome.Of(("x", 0.01 * i), ("y", 0.05), ("c", "a"))).ToArray();
        var d = new OperatorDecision(1, PopulationOperator.Diversify, "test", 2, 0);
        var next = PopulationOperators.Apply(d, Space, proposal, history, S, new SeededRandom(9));
        Assert.Equal(6, next.Count);
        Assert.Equal(6, next.ToHashSet().Count);
        Assert.Equal(proposal.Take(4), next.Take(4));
        // A uniform draw lands this far from the corner with probability 0.5; the maximin of 64 draws nearly always.
        Assert.All(next.Skip(4), g => Assert.True(Math.Sqrt(Math.Pow((double)g.Get("x")!, 2) + Math.Pow((double)g.Get("y")!, 2)) > 0.8, g.Key()));
    }

    [Fact]
    public void SpecializeMovesTheLastHalfNextToTheBestGenomes()
    {
        IReadOnlyList<IReadOnlyList<Scored>> history = [Generation((0.7, 0.7, 10.0), (0.1, 0.9, 1.0), (0.9, 0.1, 2.0))];
        var proposal = Enumerable.Range(0, 6).Select(i => Genome.Of(("x", 0.1 * i), ("y", 0.0), ("c", "b"))).ToArray();
        var d = new OperatorDecision(1, PopulationOperator.Specialize, "test", 3, 0);
        var next = PopulationOperators.Apply(d, Space, proposal, history, S, new SeededRandom(2));
        Assert.Equal(6, next.ToHashSet().Count);
        Assert.Equal(proposal.Take(3), next.Take(3));
        var bestNeighbours = next.Skip(3).Count(g => Math.Abs((double)g.Get("x")! - 0.7) < 0.2 && Math.Abs((double)g.Get("y")! - 0.7) < 0.2);
        Assert.True(bestNeighbours >= 1, string.Join(" ", next.Skip(3).Select(g => g.Key())));
    }

    [Fact]
    public void TheRealisedGainIsTheRiseOfTheBestScoreWithTheGeneration()
    {
        IReadOnlyList<IReadOnlyList<Scored>> history =
        [
            Generation((0.1, 0.1, 1.0)), Generation((0.2, 0.2, 0.5), (0.3, 0.3, null)), Generation((0.4, 0.4, 3.5)),
        ];
        Assert.Equal(0.0, PopulationOperators.RealisedGain(history, 1));
        Assert.Equal(2.5, PopulationOperators.RealisedGain(history, 2));
    }
}
