using Dream.Core.Domain;

namespace Dream.Core.Tests.Domain;

public class GenomeTests
{
    [Fact]
    public void Values_from_different_sources_compare_equal_once_canonical()
    {
        var fromYaml = Genome.Of(("threads", 4), ("ratio", 0.5f), ("mode", "fast"), ("pin", true));
        var fromJournal = Genome.Of(("threads", 4L), ("ratio", 0.5), ("mode", "fast"), ("pin", true));
        Assert.Equal(fromYaml, fromJournal);
        Assert.Equal(fromYaml.GetHashCode(), fromJournal.GetHashCode());
        Assert.IsType<long>(fromYaml.Get("threads"));
    }

    [Fact]
    public void Key_keeps_knob_order_and_marks_doubles()
    {
        var g = Genome.Of(("b", 2L), ("a", 1.0), ("c", false));
        Assert.Equal("b=2;a=1.0;c=false;", g.Key());
        Assert.NotEqual(Genome.Of(("a", 1L), ("b", 2L)), Genome.Of(("b", 2L), ("a", 1L)));
    }

    [Fact]
    public void Null_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Genome([new KeyValuePair<string, object>("a", null!)]));
    }

    [Fact]
    public void Json_numbers_become_long_or_double()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("{\"a\": 3, \"b\": 3.0, \"c\": [1, \"x\"]}");
        var m = Canonical.Value(doc.RootElement) as IReadOnlyDictionary<string, object>;
        Assert.NotNull(m);
        Assert.Equal(3L, m!["a"]);
        Assert.Equal(3.0, m["b"]);
        Assert.True(Canonical.ValueEquals(m["c"], new List<object> { 1L, "x" }.AsReadOnly()));
    }
}
