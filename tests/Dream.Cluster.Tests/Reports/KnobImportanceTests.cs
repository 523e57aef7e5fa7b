using Dream.Cluster.Reports;

namespace Dream.Cluster.Tests.Reports;

/// <summary>The knob ranking on synthetic data whose answer is known.</summary>
public sealed class KnobImportanceTests
{
    private static readonly string[] Modes = ["a", "b", "c"];

    /// <summary>
    /// 200 candidates: score = 0.02·threads + noise (sd 0.1); util and mode are drawn independently and do nothing;
    /// "style" (categorical) shifts the score by 0.3 when it is "fast".
    /// </summary>
    private static List<KnobImportance.Sample> Synthetic(int seed, int n = 200)
    {
        var rng = new Random(seed);
        var samples = new List<KnobImportance.Sample>();
        for (int i = 0; i < n; i++)
        {
            long threads = rng.Next(1, 65);
            double util = 0.25 * rng.Next(1, 5);
            string mode = Modes[rng.Next(3)];
            string style = rng.Next(2) == 0 ? "fast" : "slow";
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) * 0.1;
            double score = 0.02 * threads + (style == "fast" ? 0.3 : 0) + noise;
            samples.Add(new KnobImportance.Sample(new Dictionary<string, object>
            {
                ["threads"] = threads, ["util"] = util, ["mode"] = mode, ["style"] = style,
            }, score));
        }
        return samples;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheInfluentialKnobsRankAboveTheIrrelevantOnes(int seed)
    {
        var ranking = KnobImportance.Rank(Synthetic(seed), ["mode", "util", "threads", "style"], new HashSet<string> { "mode", "style" });
        Assert.Equal(["threads", "style"], ranking.Take(2).Select(e => e.Knob));
        var byKnob = ranking.ToDictionary(e => e.Knob);
        Assert.True(byKnob["threads"].Share > 0.6, $"threads {byKnob["threads"].Share}");
        Assert.True(byKnob["util"].Share < 0.03, $"util {byKnob["util"].Share}");
        Assert.True(byKnob["mode"].Share < 0.03, $"mode {byKnob["mode"].Share}");
        Assert.Equal(KnobImportance.MaxBins, byKnob["threads"].Groups); // 64 values in equal-count bins
        Assert.Equal(4, byKnob["util"].Groups); // few distinct values: one group each
        Assert.Equal(2, byKnob["style"].Groups);
        Assert.All(ranking, e => Assert.InRange(e.Share!.Value, 0, 1));
    }

    [Fact]
    public void TheCorrectionRemovesWhatChanceGivesAKnobWithManyGroups()
    {
        // util does nothing: uncorrected, its share is above 0 by chance alone; corrected, it is about 0
        var util = KnobImportance.Rank(Synthetic(4, n: 40), ["util"], new HashSet<string>()).Single();
        Assert.True(util.EtaSquared > util.Share, $"eta² {util.EtaSquared} omega² {util.Share}");
        Assert.True(util.Share < 0.1, $"omega² {util.Share}");
    }

    [Fact]
    public void EqualScoresGiveEveryKnobZeroAndTooFewCandidatesGiveNoShare()
    {
        var flat = Synthetic(5).Select(s => s with { Score = 1.0 }).ToList();
        Assert.All(KnobImportance.Rank(flat, ["threads", "mode"], new HashSet<string> { "mode" }), e => Assert.Equal(0.0, e.Share));

        var two = Synthetic(6, n: 2);
        var e = KnobImportance.Rank(two, ["threads"], new HashSet<string>()).Single();
        Assert.Null(e.Share); // two candidates in two groups: no spread within groups to compare with
        var constant = KnobImportance.Rank(Synthetic(7).Select(s => new KnobImportance.Sample(
            new Dictionary<string, object> { ["k"] = 1L }, s.Score)).ToList(), ["k"], new HashSet<string>()).Single();
        Assert.Null(constant.Share); // one value only: nothing to compare
        Assert.Equal(1, constant.Groups);
    }

    [Fact]
    public void TheRankingIsDeterministicAndTiesGoByName()
    {
        var flat = Synthetic(8).Select(s => s with { Score = 0.5 }).ToList();
        var ranking = KnobImportance.Rank(flat, ["util", "mode", "threads"], new HashSet<string> { "mode" });
        Assert.Equal(["mode", "threads", "util"], ranking.Select(e => e.Knob));
        Assert.Equal(KnobImportance.Rank(Synthetic(9), ["util", "threads"], new HashSet<string>()),
            KnobImportance.Rank(Synthetic(9), ["util", "threads"], new HashSet<string>()));
    }
}
