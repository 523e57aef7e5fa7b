using System.Text.Json;
using Dream.Core.Domain;
using Dream.Core.Scoring;
using Dream.Core.Statistics;

namespace Dream.Core.Tests.Packs;

/// <summary>
/// Evidence and assessments travel in messages and journal events, which in the C# Dream are written with
/// System.Text.Json (the journal's serializer): they must round-trip with its default options.
/// </summary>
public class AssessmentJsonTests
{
    [Fact]
    public void Evidence_and_assessments_round_trip()
    {
        var ev = PackFixtures.Evidence(true, true);
        var json = JsonSerializer.Serialize(ev);
        var back = JsonSerializer.Deserialize<List<RegimeEvidence>>(json)!;
        Assert.Equal(ev, back);

        foreach (var @unsafe in new[] { false, true })
        {
            var a = Scorer.Assess(PackFixtures.Domain(), Tolerance.Default, PackFixtures.Evidence(@unsafe, true), CiOptions.Default, 1, "gen3_c4");
            Assert.Equal(a, JsonSerializer.Deserialize<CandidateAssessment>(JsonSerializer.Serialize(a)));
        }
    }
}
