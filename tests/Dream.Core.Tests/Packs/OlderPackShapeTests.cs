using System.Text.Json.Nodes;
using Dream.Core.Packs;
using static Dream.Core.Tests.Packs.PackFixtures;

namespace Dream.Core.Tests.Packs;

/// <summary>
/// Packs are kept inside journal events, so a resumed run or <c>dream report</c> reads packs written by older
/// builds: before unavailable_reasons existed, or with it only at the top level, and with held knobs
/// (knob:&lt;name&gt;) in kpis_unavailable. What is read back must be written out as a valid pack.
/// </summary>
public class OlderPackShapeTests
{
    private const string NoRapl = "no RAPL powercap zone under /sys/class/powercap";

    /// <summary>This build's pack of a node without RAPL that held the governor at stock in every regime.</summary>
    private static JsonObject Current() =>
        (JsonObject)Json.Tree(Assessed(WithoutWatts(_ => Reasons(("watts", NoRapl), ("knob:governor", "held at stock")))))!;

    /// <summary>As an older build wrote it: held knobs listed among the KPIs it could not measure.</summary>
    private static JsonObject KnobListedAsKpi(JsonObject pack)
    {
        ((JsonArray)pack["kpis_unavailable"]!).Add("knob:governor");
        return pack;
    }

    private static JsonObject WithoutRegimeReasons(JsonObject pack)
    {
        foreach (var r in (JsonArray)pack["regimes"]!) ((JsonObject)r!).Remove("unavailable_reasons");
        return pack;
    }

    [Fact]
    public void A_pack_from_before_unavailable_reasons_reads_back_with_empty_reasons_and_validates()
    {
        var old = WithoutRegimeReasons(KnobListedAsKpi(Current()));
        old.Remove("unavailable_reasons");
        var p = Json.Read<CandidatePack>(Json.Compact(old));
        Assert.Equal(["watts"], p.KpisUnavailable);
        AssertMap(Reasons(("knob:governor", CandidatePack.HeldWithoutReason)), p.UnavailableReasons);
        foreach (var r in p.Regimes) Assert.Empty(r.UnavailableReasons);
        Assert.Empty(Validate(Json.Tree(p)));
    }

    [Fact]
    public void A_pack_with_top_level_reasons_only_keeps_them_and_validates()
    {
        var old = WithoutRegimeReasons(KnobListedAsKpi(Current()));
        var p = Json.Read<CandidatePack>(Json.Compact(old));
        Assert.Equal(["watts"], p.KpisUnavailable);
        AssertMap(Reasons(("watts", "idle: " + NoRapl), ("knob:governor", "idle: held at stock")), p.UnavailableReasons);
        foreach (var r in p.Regimes) Assert.Empty(r.UnavailableReasons);
        Assert.Empty(Validate(Json.Tree(p)));
    }

    [Fact]
    public void A_current_pack_reads_back_unchanged()
    {
        var now = Current();
        Assert.Equal(Json.Compact(now), Json.Compact(Json.Read<CandidatePack>(Json.Compact(now))));
    }
}
