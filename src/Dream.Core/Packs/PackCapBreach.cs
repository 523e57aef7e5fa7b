using System.Text.Json.Nodes;
using Dream.Core.Domain;

namespace Dream.Core.Packs;

/// <summary>A cap breach as a pack shows it (at_s: seconds since the trial's measurement began).</summary>
public sealed record PackCapBreach(string Regime, int Trial, string Kpi, double Value, double Limit, string Bound, double AtS)
    : IJsonWritable, IJsonReadable<PackCapBreach>
{
    public static PackCapBreach Of(CapBreach b) => new(b.Regime, b.Trial, b.Kpi, b.Value, b.Limit, b.Bound, b.AtS);

    public JsonNode ToJson() => new JsonObject
    {
        ["regime"] = Regime,
        ["trial"] = Trial,
        ["kpi"] = Kpi,
        ["value"] = Json.Number(Value),
        ["limit"] = Json.Number(Limit),
        ["bound"] = Bound,
        ["at_s"] = Json.Number(AtS),
    };

    public static PackCapBreach FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "cap breach", "regime", "trial", "kpi", "value", "limit", "bound", "at_s");
        return new PackCapBreach(f.String("regime"), f.Int("trial"), f.String("kpi"), f.Double("value"), f.Double("limit"),
            f.String("bound"), f.Double("at_s"));
    }
}
