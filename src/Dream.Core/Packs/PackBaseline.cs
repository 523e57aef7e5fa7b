using System.Text.Json.Nodes;
using Dream.Core.Scoring;

namespace Dream.Core.Packs;

/// <summary>The baseline a regime was compared with, as a pack shows it: {kpi → mean, …, "baseline_id": id}.</summary>
public sealed record PackBaseline : IJsonWritable, IJsonReadable<PackBaseline>
{
    internal const string Id = "baseline_id";

    public string BaselineId { get; }
    public IReadOnlyDictionary<string, double> Means { get; }

    public PackBaseline(string baselineId, IReadOnlyDictionary<string, double> means)
    {
        if (means.ContainsKey(Id)) throw new ArgumentException($"a KPI cannot be named {Id}");
        BaselineId = baselineId;
        Means = ValueMap<double>.Of(means);
    }

    public static PackBaseline Of(Baseline b) => new(b.BaselineId, b.Means);

    public JsonNode ToJson()
    {
        var o = Json.NumberMap(Means);
        o[Id] = BaselineId;
        return o;
    }

    public static PackBaseline FromJson(JsonNode node)
    {
        if (node is not JsonObject o) throw new ArgumentException("a pack baseline must be a JSON object");
        var means = new List<KeyValuePair<string, double>>();
        string? id = null;
        foreach (var (k, v) in o)
        {
            if (k == Id)
                id = v is JsonValue sv && JsonScalars.Of(sv) is string s ? s : throw new ArgumentException("baseline without a string baseline_id");
            else if (JsonScalars.IsNumber(v) && JsonScalars.ToDouble(v!) is var d && double.IsFinite(d)) means.Add(new(k, d));
            else throw new ArgumentException($"baseline value of {k} is not a number: {v?.ToJsonString() ?? "null"}");
        }
        return new PackBaseline(id ?? throw new ArgumentException("baseline without a string baseline_id"), ValueMap<double>.Of(means));
    }
}
