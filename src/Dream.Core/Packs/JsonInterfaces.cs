using System.Text.Json.Nodes;

namespace Dream.Core.Packs;

/// <summary>A value with a JSON form of the contract; <see cref="Json"/> writes it through that form.</summary>
public interface IJsonWritable
{
    JsonNode ToJson();
}

/// <summary>A value read back from its JSON form, strictly: unknown fields and wrong types are errors.</summary>
public interface IJsonReadable<out TSelf>
{
    static abstract TSelf FromJson(JsonNode node);
}
