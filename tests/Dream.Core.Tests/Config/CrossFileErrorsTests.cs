namespace Dream.Core.Tests.Config;

/// <summary>Problems that only show when files are read together.</summary>
public class CrossFileErrorsTests : TempDirTest
{
    private readonly ConfigFixture f;

    public CrossFileErrorsTests() => f = ConfigFixture.Valid(Tmp);

    [Fact]
    public void ASimDomainKnobNeedsADefaultEvenIfItsActuatorCouldReadTheMachine() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy.Replace("  mode:",
                "  swappiness: {type: int, min: 0, max: 100, actuator: {kind: procfs, path: /proc/sys/vm/swappiness}}\n  mode:"))
            .ToyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}}")
            .OnlyProblem("config/domains/toy.yaml", 5, 3, "knob 'swappiness' has no default, and domain 'toy' is measured "
                + "with the sim workload (regimes.yaml line 5), which cannot read a value in force", "add default: 0");

    [Fact]
    public void ASimDomainMustDefineTheKpisTheSimWorkloadReports() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy.Replace("  watts: {unit: W, better: lower, role: watts}\n", ""))
            .Write("caps.yaml", "version: 2\n")
            .ToyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}}")
            .OnlyProblem("config/regimes.yaml", 5, 24, "the sim workload reports perf, p95_ms, watts, but domain 'toy' does "
                + "not define the KPI 'watts'", "add watts to the kpis of domains/toy.yaml");

    [Fact]
    public void ADomainWithoutRegimesCannotBeRun() =>
        f.Write("domains/other.yaml", ConfigFixture.Toy.Replace("domain: toy", "domain: other"))
            .OnlyProblem("config/domains/other.yaml", 1, 9, "domain 'other' has no regimes in regimes.yaml, so it cannot be run",
                "add domains: {other: {normal:");

    [Fact]
    public void MoreSuccessfulTrialsRequiredThanRun() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("min_successful_trials: 2", "min_successful_trials: 7"))
            .OnlyProblem("config/caps.yaml", 4, 83, "min_successful_trials 7 is more than execution.trials 3 in "
                + "regimes.yaml, so no candidate could ever be judged", "lower min_successful_trials to 3 or less");
}
