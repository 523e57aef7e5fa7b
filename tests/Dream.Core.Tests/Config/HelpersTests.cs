using Dream.Core.Config;
using Dream.Core.Domain;

namespace Dream.Core.Tests.Config;

/// <summary>The small pure helpers behind the messages.</summary>
public class HelpersTests
{
    [Fact]
    public void DistanceCountsASwapAsOneEdit()
    {
        Assert.Equal(0, DidYouMean.Distance("step", "step"));
        Assert.Equal(1, DidYouMean.Distance("stpe", "step"));
        Assert.Equal(1, DidYouMean.Distance("thread", "threads"));
        Assert.Equal(3, DidYouMean.Distance("kitten", "sitting"));
    }

    [Fact]
    public void ClosestSuggestsTyposButNotUnrelatedWords()
    {
        string[] keys = ["type", "min", "max", "step", "scale", "default", "actuator"];
        Assert.Equal("step", DidYouMean.Closest("stpe", keys));
        Assert.Equal("default", DidYouMean.Closest("Default", keys));
        Assert.Equal("actuator", DidYouMean.Closest("actuatr", keys));
        Assert.Null(DidYouMean.Closest("banana", keys));
        Assert.Equal("cpu_temp_c", DidYouMean.Closest("temp", ["cpu_temp_c", "package_power_w"]));
        Assert.Equal("retries", DidYouMean.Closest("retry", ["trials", "retries"]));
        Assert.Equal("valid kinds: a, b", DidYouMean.Fix("zzz", ["a", "b"], "kinds"));
        Assert.Equal("valid knobs: none declared", DidYouMean.Fix("zzz", [], "knobs"));
    }

    [Fact]
    public void GridDivisibilityAndSuggestions()
    {
        Assert.True(KnobGrid.Divides(0, 12, 3));
        Assert.False(KnobGrid.Divides(0, 12, 5));
        Assert.True(KnobGrid.Divides(0.1, 0.7, 0.1));
        Assert.False(KnobGrid.Divides(0.25, 1.0, 0.3));
        Assert.True(KnobGrid.OnGrid(0.25, 0.25, 0.75));
        Assert.Equal("5 or 10", KnobGrid.IntNeighbours(0, 5, 7));
        Assert.Equal("0.5 or 0.75", KnobGrid.FloatNeighbours(0.25, 0.25, 0.6));
        Assert.Equal("1, 2, 3, 4, 6, 12", KnobGrid.Divisors(12));
        Assert.Equal("1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50, ...", KnobGrid.Divisors(100000));
    }

    [Fact]
    public void NumbersAreFormattedAsWritten()
    {
        Assert.Equal("12", Scalars.Format(12.0));
        Assert.Equal("0.25", Scalars.Format(0.25));
        Assert.Equal("-0.2", Scalars.Format(-0.2));
        Assert.Equal("0.0001", Scalars.Format(1e-4));
        Assert.Equal("1000000000000000", Scalars.Format(1e15));
        Assert.Equal("2.5", Scalars.Format(2.5));
    }

    [Fact]
    public void EveryWorkloadKindOfTheModelHasItsKeysDefined()
    {
        Assert.Equal(WorkloadSpec.Kinds, WorkloadKinds.Params.Select(p => p.Key).ToList());
    }

    [Fact]
    public void AShellStringIsSplitIntoAYamlList()
    {
        Assert.Equal("[bench, --threads, \"{threads}\", \"a:b\"]", WorkloadParser.AsList("bench --threads {threads} a:b"));
    }

    /// <summary>YAML 1.1 resolution as the Java tree's SnakeYAML did it, which YamlDotNet leaves to the reader.</summary>
    [Theory]
    [InlineData("12", 12L)]
    [InlineData("-3", -3L)]
    [InlineData("+7", 7L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0x1F", 31L)]
    [InlineData("010", 8L)]
    [InlineData("0b101", 5L)]
    [InlineData("1:30", 90L)]
    [InlineData("0", 0L)]
    public void IntegersAreReadAsYamlWritesThem(string text, long expected)
    {
        var node = new YamlDotNet.RepresentationModel.YamlScalarNode(text);
        Assert.Equal(expected, Scalars.Integer(node));
        Assert.Equal(expected, Scalars.Number(node));
        Assert.Equal("the integer " + text, Scalars.Describe(node));
    }

    [Theory]
    [InlineData("1e3", 1000.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("-1.5", -1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1_0.5", 10.5)]
    [InlineData("1:30.5", 90.5)]
    public void FloatsAreReadAsYamlWritesThem(string text, double expected)
    {
        var node = new YamlDotNet.RepresentationModel.YamlScalarNode(text);
        Assert.Null(Scalars.Integer(node));
        Assert.Equal(expected, Scalars.Number(node));
    }

    [Fact]
    public void OtherScalarsAreTextBooleansOrNull()
    {
        Assert.Null(Scalars.Number(new YamlDotNet.RepresentationModel.YamlScalarNode(".inf")));
        Assert.Null(Scalars.Integer(new YamlDotNet.RepresentationModel.YamlScalarNode("99999999999999999999")));
        Assert.True(Scalars.Bool(new YamlDotNet.RepresentationModel.YamlScalarNode("on")));
        Assert.False(Scalars.Bool(new YamlDotNet.RepresentationModel.YamlScalarNode("No")));
        Assert.Equal("on", Scalars.Text(new YamlDotNet.RepresentationModel.YamlScalarNode("on")));
        Assert.True(Scalars.IsNull(new YamlDotNet.RepresentationModel.YamlScalarNode("~")));
        Assert.True(Scalars.IsNull(new YamlDotNet.RepresentationModel.YamlScalarNode("")));
        Assert.Equal("the text \"12\"", Scalars.Describe(new YamlDotNet.RepresentationModel.YamlScalarNode("12") { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }));
        Assert.Equal("the text \"abc\"", Scalars.Describe(new YamlDotNet.RepresentationModel.YamlScalarNode("abc")));
    }
}
