namespace Dream.Core.Tests.Config;

/// <summary>Domain-file problems outside the knobs: name, KPIs, weights, required blocks.</summary>
public class DomainErrorsTests : TempDirTest
{
    private const string File = "config/domains/toy.yaml";
    private readonly ConfigFixture f;

    public DomainErrorsTests() => f = ConfigFixture.Valid(Tmp);

    private ConfigFixture Toy(string replace, string with)
    {
        if (!ConfigFixture.Toy.Contains(replace, StringComparison.Ordinal)) throw new ArgumentException(replace);
        return f.Write("domains/toy.yaml", ConfigFixture.Toy.Replace(replace, with));
    }

    [Fact]
    public void DomainNameMustMatchTheFileName() =>
        Toy("domain: toy", "domain: toys").OnlyProblem(File, 1, 9, "domain 'toys' does not match its file name 'toy.yaml'",
            "write domain: toy, or rename the file to toys.yaml");

    [Fact]
    public void UnknownTopLevelKey() =>
        Toy("description:", "descripton:").OnlyProblem(File, 2, 1, "unknown key 'descripton' in the domain file", "did you mean 'description'?");

    [Fact]
    public void WeightNamingAnUnknownKpi() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy + "weights: {perf: 1.0, p95: 0.2}\n")
            .OnlyProblem(File, 10, 22, "weight for 'p95', which is not a KPI of this domain", "did you mean 'p95_ms'?");

    [Fact]
    public void NegativeWeight() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy + "weights: {perf: 1.0, p95_ms: -0.2}\n")
            .OnlyProblem(File, 10, 30, "weight of 'p95_ms' must be a number >= 0, found the number -0.2", "the sign comes from the KPI's better:");

    [Fact]
    public void KpiBetterMustBeHigherOrLower() =>
        Toy("p95_ms: {unit: ms, better: lower", "p95_ms: {unit: ms, better: less")
            .OnlyProblem(File, 8, 30, "better: 'less' of KPI 'p95_ms' is neither higher nor lower", "valid values: higher, lower");

    [Fact]
    public void UnknownKpiRole() =>
        Toy("role: watts", "role: power").OnlyProblem(File, 9, 41, "unknown role 'power' for KPI 'watts'", "valid roles: perf, p95, watts");

    [Fact]
    public void ARoleBelongsToOneKpi() =>
        Toy("role: watts", "role: perf").OnlyProblem(File, 9, 41, "role perf is already taken by KPI 'perf'", "give each role to one KPI only");

    [Fact]
    public void KpiMissingItsUnit() =>
        Toy("perf: {unit: ops/s, better: higher, role: perf}", "perf: {better: higher, role: perf}")
            .OnlyProblem(File, 7, 3, "KPI 'perf' is missing 'unit'", "add unit: ms");

    [Fact]
    public void MissingKnobsBlock() =>
        f.Write("domains/toy.yaml", ConfigFixture.Text("""
            domain: toy
            kpis:
              perf: {unit: ops/s, better: higher, role: perf}
              p95_ms: {unit: ms, better: lower, role: p95}
              watts: {unit: W, better: lower, role: watts}
            """)).OnlyProblem(File, 1, 1, "the domain file is missing 'knobs'", "add knobs:");

    [Fact]
    public void KnobsMustBeAMapping() =>
        Toy("knobs:\n  threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}\n"
                + "  mode: {type: choice, choices: [fast, slow], default: fast, actuator: {kind: workload-arg}}\n",
                "knobs: [threads, mode]\n")
            .Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1}\n")
            .OnlyProblem(File, 3, 8, "'knobs' of the domain file must be a mapping of name: value, found a list", "e.g. knobs: {threads:");

    [Fact]
    public void WeightsThatAreAllZeroWouldScoreNothing() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy + "weights: {perf: 0, watts: 0}\n")
            .OnlyProblem(File, 10, 10, "no weight is above 0, so every candidate would score 0", "remove weights:");

    [Fact]
    public void InvalidFileNameIsReportedOnceNotWhereverTheDomainIsNamed() =>
        f.Write("domains/my-toy.yaml", ConfigFixture.Toy.Replace("domain: toy", "domain: my-toy"))
            .Write("caps.yaml", ConfigFixture.Caps.Replace("  toy: {watts: {max: 100}}", "  toy: {watts: {max: 100}}\n  my-toy: {}"))
            .OnlyProblem("config/domains/my-toy.yaml", 1, 1, "'my-toy' is not a valid domain name", "rename the file");
}
