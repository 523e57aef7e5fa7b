using Dream.Core.Packs;

namespace Dream.Cluster.Tests.Runs;

/// <summary>Checks a pack against the candidate_pack.v2 schema, as its file would be written.</summary>
public static class PackSchema
{
    public static void AssertValid(CandidatePack pack) =>
        Assert.Empty(SchemaValidator.Validate(SchemaValidator.CandidatePack, Json.Tree(pack)));
}
