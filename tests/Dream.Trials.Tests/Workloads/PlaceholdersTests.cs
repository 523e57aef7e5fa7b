using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Workloads;

public sealed class PlaceholdersTests
{
    [Theory]
    [InlineData(16.0, "16")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-9, "0.000000001")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    public void NumbersAreWrittenWithoutExponentOrTrailingZeros(double d, string text) =>
        Assert.Equal(text, Placeholders.Text(d));

    [Fact]
    public void OtherValuesAreWrittenAsTheConfigHasThem()
    {
        Assert.Equal("16", Placeholders.Text(16L));
        Assert.Equal("true", Placeholders.Text(true));
        Assert.Equal("fast", Placeholders.Text("fast"));
    }

    [Fact]
    public void KnobsAndTimesAreReplacedAndOtherBracesLeftAlone()
    {
        var d = Fixtures.Domain("app", [Fixtures.IntKnob("threads", 1, 64, 8)], new Dictionary<string, Dream.Core.Domain.Kpi>());
        var spec = Fixtures.Trial(d, Fixtures.Genome("threads", 16L), Fixtures.Workload("command"), 0.5, 2, 0);
        var ctx = WorkloadHarness.Context(spec, null);
        Assert.Equal("-t 16 for 2 after 0.5 {\"x\": 1} { threads}",
            Placeholders.Substitute("-t {threads} for {duration_s} after {warmup_s} {\"x\": 1} { threads}", ctx));
        var e = Assert.Throws<ArgumentException>(() => Placeholders.Substitute("{cores}", ctx));
        Assert.Contains("{cores}", e.Message);
        Assert.Throws<ArgumentException>(() => Placeholders.Substitute((object?)null, "argv", ctx));
    }
}
