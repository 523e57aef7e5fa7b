using Dream.Core.Evolution;
using Dream.Core.Racing;
using Xunit.Abstractions;

namespace Dream.Core.Tests.Racing;

public class BanditTests(ITestOutputHelper output)
{
    private static readonly double[] SuccessRates = [0.8, 0.7, 0.6, 0.5, 0.3];

    /// <summary>UCB's regret (Σ best rate − chosen rate) after each of <paramref name="checkpoints"/> pulls, on Bernoulli arms from a fixed seed.</summary>
    private static double[] Regret(int seed, IReadOnlyList<int> checkpoints)
    {
        var rng = new SeededRandom(seed);
        var ids = SuccessRates.Select((_, i) => "c" + i).ToList();
        var scores = ids.ToDictionary(c => c, _ => new List<double>());
        var at = ids.ToDictionary(c => c, _ => new List<int>());
        var regret = 0.0;
        var result = new double[checkpoints.Count];
        var settings = new BanditSettings(BanditStrategy.Ucb);
        for (var t = 0; t < checkpoints[^1]; t++)
        {
            var arms = ids.Select(c => new Bandit.Arm(c, scores[c], at[c], false)).ToList();
            var choice = Bandit.Choose(arms, settings, seed, "d", 0, t, 0);
            var i = ids.IndexOf(choice.Chosen);
            regret += SuccessRates[0] - SuccessRates[i];
            scores[choice.Chosen].Add(rng.NextDouble() < SuccessRates[i] ? 1.0 : -1.0); // a success beats the margin
            at[choice.Chosen].Add(t);
            for (var k = 0; k < checkpoints.Count; k++)
                if (t + 1 == checkpoints[k]) result[k] = regret;
        }
        return result;
    }

    [Fact]
    public void UcbRegretGrowsSubLinearly()
    {
        int[] checkpoints = [250, 1000, 4000];
        var mean = new double[checkpoints.Length];
        const int seeds = 10;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var r = Regret(seed, checkpoints);
            for (var k = 0; k < r.Length; k++) mean[k] += r[k] / seeds;
        }
        output.WriteLine("UCB regret at " + string.Join(", ", checkpoints.Select((c, k) => c + " pulls: " + mean[k].ToString("F1"))));
        // Linear regret would grow 4x per 4x pulls (uniform choice: 0.22 per pull, 880 at 4000); UCB's grows as log T
        // once every arm has been tried often enough.
        Assert.True(mean[2] / mean[1] < 2.5, $"regret {mean[1]:F1} -> {mean[2]:F1}");
        Assert.True(mean[2] / checkpoints[2] < mean[1] / checkpoints[1] && mean[1] / checkpoints[1] < mean[0] / checkpoints[0], "regret per pull falls");
        Assert.True(mean[2] < 0.25 * 0.22 * checkpoints[2], $"regret {mean[2]:F1} against uniform choice's {0.22 * checkpoints[2]:F0}");
    }

    [Fact]
    public void UcbIndexesAreComputedFromTheEvidenceWithItsConstant()
    {
        var arms = new[]
        {
            new Bandit.Arm("a", [1.0, 1.0, -1.0, 1.0], [0, 1, 2, 3], false),
            new Bandit.Arm("b", [-1.0, 1.0], [0, 1], false),
        };
        var c = Bandit.Choose(arms, new BanditSettings(BanditStrategy.Ucb, UcbConstant: 0.5), 1, "d", 0, 6, 0);
        Assert.Equal(0.75 + 0.5 * Math.Sqrt(Math.Log(6) / 4), c.Indexes["a"], 12);
        Assert.Equal(0.5 + 0.5 * Math.Sqrt(Math.Log(6) / 2), c.Indexes["b"], 12);
        Assert.Equal("a", c.Chosen);
        Assert.Equal(["b"], c.Alternatives);
        Assert.Null(c.Stream);
        // the margin: a score that beats the baseline by less than it is no success
        var small = new[] { new Bandit.Arm("a", [0.01, 0.01], [0, 1], false), new Bandit.Arm("b", [0.5, 0.5], [0, 1], false) };
        var m = Bandit.Choose(small, new BanditSettings(BanditStrategy.Ucb, SuccessMargin: 0.02, UcbConstant: 0), 1, "d", 0, 2, 0);
        Assert.Equal(0.0, m.Indexes["a"]);
        Assert.Equal(1.0, m.Indexes["b"]);
        // discount: old evidence weighs less
        var d = Bandit.Choose([new Bandit.Arm("a", [1.0, -1.0], [0, 9], false)], new BanditSettings(BanditStrategy.Ucb, UcbConstant: 0, Discount: 0.5),
            1, "d", 0, 10, 0);
        Assert.Equal(Math.Pow(0.5, 10) / (Math.Pow(0.5, 10) + 0.5), d.Indexes["a"], 12);
    }

    [Fact]
    public void ThompsonDrawsAfreshForEachSlotAndTheSameAgainOnReplay()
    {
        var arms = Enumerable.Range(0, 10).Select(i => new Bandit.Arm("c" + i, [1.0, -1.0, 1.0], [0, 1, 2], false)).ToList();
        var settings = new BanditSettings(BanditStrategy.Thompson);
        var differ = 0;
        const int decisions = 200;
        for (var d = 0; d < decisions; d++)
        {
            var slot0 = Bandit.Choose(arms, settings, 7, "d", 2, d, 0);
            var slot1 = Bandit.Choose(arms, settings, 7, "d", 2, d, 1);
            if (slot0.Chosen != slot1.Chosen) differ++;
            Assert.NotEqual(slot0.Stream, slot1.Stream);
            var again = Bandit.Choose(arms, settings, 7, "d", 2, d, 0);
            Assert.Equal(slot0.Chosen, again.Chosen);
            Assert.Equal(slot0.Stream, again.Stream);
            Assert.Equal(slot0.Indexes, again.Indexes);
        }
        output.WriteLine($"two slots asking at the same moment chose differently in {differ} of {decisions} decisions");
        // ten equal arms: the same pick by chance about one time in ten
        Assert.True(differ >= 0.8 * decisions, $"differed {differ} of {decisions}");
    }

    [Fact]
    public void EpsilonGreedyExploresLessAsItGoesButNeverBelowTheFloor()
    {
        var arms = new[] { new Bandit.Arm("a", [1.0], [0], false), new Bandit.Arm("b", [-1.0], [0], false), new Bandit.Arm("c", [-1.0], [0], false) };
        var settings = new BanditSettings(BanditStrategy.EGreedy, Epsilon: 0.6, EpsilonDecay: 0.1, EpsilonFloor: 0.1);
        int Explored(int from) => Enumerable.Range(from, 2000).Count(d => Bandit.Choose(arms, settings, 3, "d", 0, d, 0).Chosen != "a");
        var early = Explored(0);
        var late = Explored(100_000);
        output.WriteLine($"off the greedy arm: {early} of 2000 early, {late} of 2000 late");
        Assert.True(early > late, $"{early} early, {late} late");
        // the floor: ε = 0.1, two thirds of the random picks leave the greedy arm
        Assert.InRange(late, 0.1 * 2 / 3 * 2000 * 0.7, 0.1 * 2 / 3 * 2000 * 1.3);
    }
}
