using System.Text.Json;
using Dream.Core.Evolution;

namespace Dream.Core.Tests.Evolution;

/// <summary>The coordinator journals these records: they must come back equal. Scored carries a Genome,
/// which the journal serializer (Dream.Cluster.Runs) writes with its own converter, so here only the shape
/// is checked: no derived fields.</summary>
public class EvolutionJsonTests
{
    [Fact]
    public void ParamsRoundTrip()
    {
        var p = EvolutionParams.Default.WithStrategy("cmaes");
        Assert.Equal(p, JsonSerializer.Deserialize<EvolutionParams>(JsonSerializer.Serialize(p)));
        var camel = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal(p, JsonSerializer.Deserialize<EvolutionParams>(JsonSerializer.Serialize(p, camel), camel));
    }

    [Fact]
    public void ScoredHasNoDerivedFields()
    {
        var safe = new Scored(Dream.Core.Domain.Genome.Of(("threads", 8L), ("util", 0.75)), 0.125);
        var json = JsonSerializer.Serialize(new { safe.Score });
        Assert.DoesNotContain("Safe", JsonSerializer.Serialize(safe));
        Assert.Equal("{\"Score\":0.125}", json);
        Assert.Equal(safe, new Scored(safe.Genome, 0.125));
        Assert.Equal(new Scored(safe.Genome, null), new Scored(safe.Genome, null));
        Assert.Throws<ArgumentException>(() => new Scored(safe.Genome, double.NaN));
    }
}
