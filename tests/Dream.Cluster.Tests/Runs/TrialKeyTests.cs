using Dream.Cluster.Runs;
using Dream.Core.Domain;

namespace Dream.Cluster.Tests.Runs;

/// <summary>What the evidence cache's key sees (a changed measurement is a miss) and what it ignores (so that a trial met again is a hit).</summary>
public sealed class TrialKeyTests
{
    private static readonly Genome G = Genome.Of(("threads", 12L), ("util", 0.75));

    private static RunSpec Run(string runId = "run-a", string nodeClass = "class-a", IReadOnlyList<RegimeSpec>? regimes = null) =>
        Fixtures.Run(runId, nodeClass, 2, 4, new ExecutionSpec(2, 0, 0, 1, 1.5), new GlobalCaps(3, 60, 2), regimes ?? [Fixtures.Regime("normal", 0)]);

    private static string Key(RunSpec run, Genome? genome = null, int trial = 0, RegimeSpec? regime = null)
    {
        var plan = run.Plan("sim");
        return TrialKey.Of(run, plan, genome ?? G, regime ?? plan.Regimes[0], trial);
    }

    [Fact]
    public void TheSameTrialOfAnotherRunHasTheSameKeyWhateverTheRunIdAndKnobOrder()
    {
        var a = Key(Run("run-a"));
        Assert.Equal(64, a.Length);
        Assert.Equal(a, Key(Run("run-b")));
        Assert.Equal(a, Key(Run("run-b"), Genome.Of(("util", 0.75), ("threads", 12L))));
    }

    [Fact]
    public void AnotherNodeClassIsAnotherKey() => Assert.NotEqual(Key(Run(nodeClass: "class-a")), Key(Run(nodeClass: "class-b")));

    [Fact]
    public void AChangedRegimeIsAnotherKey()
    {
        var before = Key(Run());
        Assert.NotEqual(before, Key(Run(regimes: [Fixtures.Regime("normal", 5)]))); // its duration
        var noisier = new RegimeSpec("normal", new WorkloadSpec("sim", new Dictionary<string, object>
        {
            ["function"] = "sphere",
            ["optimum"] = new Dictionary<string, object> { ["threads"] = 12L, ["util"] = 0.75 },
            ["noise"] = 0.10,
        }), 0, 1.0);
        Assert.NotEqual(before, Key(Run(regimes: [noisier]))); // its workload's parameters
        Assert.NotEqual(before, Key(Run(regimes: [Fixtures.Regime("other", 0)]))); // another regime
        // its weight only scores: the same measurement
        Assert.Equal(before, Key(Run(regimes: [Fixtures.Regime("normal", 0) with { Weight = 3.0 }])));
    }

    [Fact]
    public void EachTrialIndexAndEachGenomeIsItsOwnEvidence()
    {
        var run = Run();
        Assert.NotEqual(Key(run, trial: 0), Key(run, trial: 1));
        Assert.NotEqual(Key(run), Key(run, Genome.Of(("threads", 13L), ("util", 0.75))));
    }

    [Fact]
    public void TheSeedCountsForTheSimWorkloadOnly()
    {
        var run = Run();
        Assert.NotEqual(Key(run), Key(run with { Seed = 8 }));
        var command = new RegimeSpec("normal", new WorkloadSpec("command", new Dictionary<string, object> { ["cmd"] = "true" }), 1, 1.0);
        var real = Run(regimes: [command]);
        Assert.Equal(Key(real), Key(real with { Seed = 8 }));
    }

    [Fact]
    public void AMachineChangingKnobHeldAtStockGivesOneKeyForEveryValue()
    {
        var sysfs = new ActuatorSpec("sysfs", "/sys/kernel/mm/transparent_hugepage/enabled", null, null);
        var domain = Fixtures.SimDomain();
        domain = domain with { Knobs = [.. domain.Knobs, new ChoiceKnob("thp", ["always", "never"], "always", sysfs)] };
        var run = Run();
        var plan = run.Plan("sim") with { Domain = domain };
        run = run with { Plans = new Dictionary<string, RunSpec.DomainPlan> { ["sim"] = plan } };
        string KeyOf(RunSpec r, string thp) => TrialKey.Of(r, plan, G.With("thp", thp), plan.Regimes[0], 0);
        Assert.Equal(KeyOf(run, "always"), KeyOf(run, "never"));
        var applied = run with { AllowSystemChanges = true };
        Assert.NotEqual(KeyOf(applied, "always"), KeyOf(applied, "never"));
    }
}
