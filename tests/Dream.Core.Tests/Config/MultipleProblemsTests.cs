using Dream.Core.Config;

namespace Dream.Core.Tests.Config;

/// <summary>Loading reports every problem at once, in reading order, and one mistake yields one problem.</summary>
public class MultipleProblemsTests : TempDirTest
{
    [Fact]
    public void ProblemsInEveryFileAreAllReportedInFileAndLineOrder()
    {
        var f = ConfigFixture.Valid(Tmp)
            .Write("domains/toy.yaml", ConfigFixture.Text("""
                domain: toy
                knobs:
                  threads: {type: int, min: 8, max: 1, default: 2, actuator: {kind: workload-arg}}
                  mode: {type: choice, choices: [fast, fast], default: fast, actuator: {kind: workload-arg}}
                  util: {type: float, min: 0.1, max: 1, stpe: 0.1, default: 0.5, actuator: {kind: workload-arg}}
                kpis:
                  perf: {unit: ops/s, better: higher, role: perf}
                  p95_ms: {unit: ms, better: lower, role: p95}
                  watts: {unit: W, better: lower, role: watts}
                weights: {perff: 1}
                """))
            .Write("regimes.yaml", ConfigFixture.Text("""
                version: 2
                domains:
                  toy:
                    normal: {workload: {kind: builtin-gpu}, duration_s: 1}
                    stress: {workload: {kind: builtin-cpu}, duration_s: -1}
                execution: {trials: -3}
                """))
            .Write("caps.yaml", ConfigFixture.Text("""
                version: 2
                domains:
                  toy: {watt: {max: 100}}
                """));
        var ps = f.Problems();
        var where = ps.Select(p => p.File + ":" + p.Line + ":" + p.Column).ToList();
        Assert.True(new[]
        {
            "config/caps.yaml:3:9",
            "config/domains/toy.yaml:3:29",
            "config/domains/toy.yaml:4:40",
            "config/domains/toy.yaml:5:41",
            "config/domains/toy.yaml:10:11",
            "config/regimes.yaml:4:31",
            "config/regimes.yaml:5:57",
            "config/regimes.yaml:6:21",
        }.SequenceEqual(where), ConfigFixture.Render(ps));
        Assert.Contains("'watt'", ps[0].Message);
        Assert.Contains("did you mean 'perf'?", ps[4].Fix);
    }

    [Fact]
    public void TheExceptionMessageListsEveryProblemWithItsFix()
    {
        var f = ConfigFixture.Valid(Tmp).Write("caps.yaml", "version: 3\ndomains: {toy: {wats: 1}}\n");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(f.Dir));
        Assert.Equal("""
            config/caps.yaml:1:10: version 3 is not supported; Dream reads version 2
                fix: write version: 2 and use the keys shown in config/ (DESIGN.md section 3)
            config/caps.yaml:2:17: a cap names 'wats', which is not a KPI of domain 'toy'
                fix: did you mean 'watts'? valid KPIs of toy: perf, p95_ms, watts
            """, e.Message);
    }

    [Fact]
    public void ABrokenDomainFileDoesNotCascadeIntoReferencesToIt()
    {
        // The domain file does not parse; regimes.yaml and caps.yaml still name its knob and KPI.
        var ps = ConfigFixture.Valid(Tmp).Write("domains/toy.yaml", "domain: toy\nknobs: [\n").Problems();
        Assert.True(ps.Count == 1, ConfigFixture.Render(ps));
        Assert.Equal("config/domains/toy.yaml", ps[0].File);
    }

    [Fact]
    public void ABrokenKnobIsNotReportedAgainWhereItIsUsed()
    {
        var ps = ConfigFixture.Valid(Tmp).Write("domains/toy.yaml", ConfigFixture.Toy.Replace("min: 1, max: 8", "min: 9, max: 8")).Problems();
        Assert.True(ps.Count == 1, ConfigFixture.Render(ps));
        Assert.Contains("min 9 of knob 'threads' is greater than max 8", ps[0].Message);
    }

    [Fact]
    public void AKnobWithABadRangeStillHasItsActuatorChecked()
    {
        var ps = ConfigFixture.Valid(Tmp).ToyKnobs(ConfigFixture.Text("""
              gov:
                type: int
                min: 5
                max: 1
                actuator: {kind: sysfs, path: /proc/sys/vm/swappiness}
            """)).Problems();
        Assert.True(new[] { "config/domains/toy.yaml:5:10", "config/domains/toy.yaml:7:35" }
            .SequenceEqual(ps.Select(p => p.File + ":" + p.Line + ":" + p.Column)), ConfigFixture.Render(ps));
        Assert.Contains("use kind: procfs", ps[1].Fix);
    }
}
