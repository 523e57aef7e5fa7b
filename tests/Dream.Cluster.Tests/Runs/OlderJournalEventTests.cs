using System.Text;
using System.Text.Json.Nodes;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Dream.Cluster.Runs;
using Dream.Core.Packs;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// A CandidateAssessed event journaled by an older build, read back through the journal's own serializer (a resumed
/// run, <c>dream report</c>): its pack lacks unavailable_reasons, per regime and at the top level, and lists a held
/// knob among the KPIs it could not measure. Its re-export must be a valid pack.
/// </summary>
public sealed class OlderJournalEventTests() : TestKit(TestSystems.PlainLocal())
{
    [Fact]
    public void APackJournaledBeforeUnavailableReasonsIsReplayedIntoAValidPack()
    {
        var pack = CandidateScoringTests.Pack("gen0_c1", 5);
        var evt = new DomainEvent.CandidateAssessed(0, "gen0_c1", pack, pack.Aggregate.ScoreV2, null, "2025-01-01T00:05:00Z");
        var serializer = Sys.Serialization.FindSerializerFor(evt);
        var manifest = Serialization.ManifestFor(serializer, evt);

        var stored = JsonNode.Parse(serializer.ToBinary(evt))!.AsObject();
        var oldPack = stored["pack"]!.AsObject();
        oldPack.Remove("unavailable_reasons");
        foreach (var r in oldPack["regimes"]!.AsArray()) r!.AsObject().Remove("unavailable_reasons");
        oldPack["kpis_unavailable"]!.AsArray().Add("knob:governor");
        var olderBytes = Encoding.UTF8.GetBytes(stored.ToJsonString());

        var replayed = Assert.IsType<DomainEvent.CandidateAssessed>(Sys.Serialization.Deserialize(olderBytes, serializer.Identifier, manifest));
        var p = replayed.Pack;
        Assert.Empty(p.KpisUnavailable);
        Assert.Equal(new Dictionary<string, string> { ["knob:governor"] = CandidatePack.HeldWithoutReason }, p.UnavailableReasons);
        foreach (var r in p.Regimes) Assert.Empty(r.UnavailableReasons);
        Assert.Equal(pack.Aggregate.ScoreV2, p.Aggregate.ScoreV2);
        Assert.Equal(pack.Aggregate.ScoreCi95, p.Aggregate.ScoreCi95);
        Assert.Equal(pack.Aggregate.ImprovesOverBaseline, p.Aggregate.ImprovesOverBaseline);
        PackSchema.AssertValid(p);
    }
}
