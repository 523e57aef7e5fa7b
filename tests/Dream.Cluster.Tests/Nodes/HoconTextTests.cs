using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Nodes;

/// <summary>What Dream does before Akka.NET's parser sees a file: environment values, and structural errors with their line.</summary>
public sealed class HoconTextTests
{
    private static readonly Dictionary<string, string> Env = new() { ["DREAM_A"] = "from \"env\"", ["DREAM_B"] = "7" };

    [Fact]
    public void EnvironmentValuesAreFilledInAndAnUnsetOptionalOneKeepsTheEarlierValue()
    {
        var c = HoconText.Parse("a = 1\na = ${?DREAM_A}\nb = 2\nb = ${?DREAM_UNSET_1}\nc = ${DREAM_B}\nd { e = ${?DREAM_B} }\n", "t.conf", Env);
        Assert.Equal("from \"env\"", c.GetString("a"));
        Assert.Equal(2, c.GetInt("b"));
        Assert.Equal(7, c.GetInt("c"));
        Assert.Equal(7, c.GetInt("d.e"));
    }

    [Theory]
    [InlineData("a {\n  b = 1\n", "t.conf: 1")]
    [InlineData("a = [1, 2\nb = 3\n", "t.conf: 1")]
    [InlineData("a = 1\n}\n", "t.conf: 2")]
    [InlineData("a = \"open\nb = 1\n", "t.conf: 1")]
    [InlineData("# fine\nk = ${DREAM_NOT_SET_9}\n", "t.conf: 2")]
    public void BrokenFilesAreNamedWithTheirLine(string text, string where)
    {
        var e = Assert.Throws<InfrastructureException>(() => HoconText.Parse(text, "t.conf", Env));
        Assert.StartsWith(where + ":", e.Message);
    }

    [Fact]
    public void BracesInStringsAndCommentsDoNotCount()
    {
        var c = HoconText.Parse("a = \"{[\" # }\n// ]\nb = \"\"\"x}\"\"\"\n", "t.conf", Env);
        Assert.Equal("{[", c.GetString("a"));
        Assert.Equal("x}", c.GetString("b"));
    }
}
