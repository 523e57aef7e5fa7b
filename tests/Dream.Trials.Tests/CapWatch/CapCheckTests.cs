using Dream.Core.Domain;
using Dream.Trials.CapWatch;

namespace Dream.Trials.Tests.CapWatch;

public sealed class CapCheckTests
{
    private readonly IReadOnlyDictionary<string, Cap> _caps = new Dictionary<string, Cap>
    {
        ["cpu_temp_c"] = new("cpu_temp_c", null, 90.0),
        ["thermal_throttle_events"] = new("thermal_throttle_events", null, 0.0),
        ["perf"] = new("perf", 100.0, null),
    };

    private static Dictionary<string, double> Values(params (string K, double V)[] kv) => kv.ToDictionary(p => p.K, p => p.V);

    [Fact]
    public void BoundsAreInclusiveAndEachBrokenCapIsReported()
    {
        Assert.Empty(CapCheck.Check(_caps, Values(("cpu_temp_c", 90.0), ("thermal_throttle_events", 0.0), ("perf", 100.0)), "r", 0, 1));
        var b = CapCheck.Check(_caps, Values(("cpu_temp_c", 90.5), ("thermal_throttle_events", 1.0), ("perf", 99.0)), "stress", 2, 3.5);
        Assert.Equal(3, b.Count);
        Assert.Equal(
            [
                new CapBreach("stress", 2, "cpu_temp_c", 90.5, 90.0, "max", 3.5),
                new CapBreach("stress", 2, "perf", 99.0, 100.0, "min", 3.5),
                new CapBreach("stress", 2, "thermal_throttle_events", 1.0, 0.0, "max", 3.5),
            ],
            b.OrderBy(x => x.Kpi, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void AKpiThatWasNotReadBreaksNothing()
    {
        Assert.Empty(CapCheck.Check(_caps, Values(("other", 1e9)), "r", 0, 0));
        Assert.Empty(CapCheck.Check(_caps, Values(("cpu_temp_c", double.NaN)), "r", 0, 0));
    }
}
