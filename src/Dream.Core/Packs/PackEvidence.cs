using System.Text.Json.Nodes;

namespace Dream.Core.Packs;

/// <summary>
/// How much evidence a raced candidate got and why its measuring stopped (the optional, additive <c>evidence</c>
/// field of candidate_pack.v2): <see cref="Trials"/> recorded, <see cref="Blocks"/> of the race completed, and
/// <see cref="Stopped"/>, <c>completed</c> or <c>eliminated at block B</c> (0-based); under a bandit
/// (<c>--allocation ucb|thompson|egreedy</c>) <c>completed</c> (every block measured) or <c>budget</c> (the generation's
/// trial budget ran out first). Packs of <c>--allocation full</c> have no such field, as before.
/// </summary>
public sealed record PackEvidence(int Trials, int Blocks, string Stopped) : IJsonWritable, IJsonReadable<PackEvidence>
{
    public const string Completed = "completed";

    /// <summary>A bandit's candidate whose generation spent its trial budget before it had every block.</summary>
    public const string Budget = "budget";

    public static string EliminatedAt(int block) => "eliminated at block " + block;

    public bool Eliminated => Stopped.StartsWith("eliminated", StringComparison.Ordinal);

    public JsonNode ToJson() => new JsonObject { ["trials"] = Trials, ["blocks"] = Blocks, ["stopped"] = Stopped };

    public static PackEvidence FromJson(JsonNode node)
    {
        var f = JsonFields.Of(node, "evidence", "trials", "blocks", "stopped");
        return new PackEvidence(f.Int("trials"), f.Int("blocks"), f.String("stopped"));
    }
}
