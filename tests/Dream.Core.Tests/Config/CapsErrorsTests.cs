namespace Dream.Core.Tests.Config;

/// <summary>Broken caps.yaml; the toy domain's caps are on line 3.</summary>
public class CapsErrorsTests : TempDirTest
{
    private const string File = "config/caps.yaml";
    private readonly ConfigFixture f;

    public CapsErrorsTests() => f = ConfigFixture.Valid(Tmp);

    private ConfigFixture Caps(string toyCaps) => f.Write("caps.yaml", ConfigFixture.Caps.Replace("toy: {watts: {max: 100}}", "toy: " + toyCaps));

    [Fact]
    public void CapNamingAKpiTheDomainDoesNotDefine() =>
        Caps("{wats: {max: 100}}").OnlyProblem(File, 3, 9, "a cap names 'wats', which is not a KPI of domain 'toy'",
            "did you mean 'watts'? valid KPIs of toy: perf, p95_ms, watts");

    [Fact]
    public void TheOriginalsTempPeakCapIsRefused() =>
        Caps("{temp_peak_c: 90}").OnlyProblem(File, 3, 9, "a cap names 'temp_peak_c', which is not a KPI of domain 'toy'",
            "valid KPIs of toy: perf, p95_ms, watts");

    [Fact]
    public void CapForAnUnknownDomain() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("  toy:", "  cpu:"))
            .OnlyProblem(File, 3, 3, "caps for unknown domain 'cpu': there is no domains/cpu.yaml", "valid domains: toy");

    [Fact]
    public void CapMinAboveMax() =>
        Caps("{watts: {min: 200, max: 100}}").OnlyProblem(File, 3, 22, "the cap on 'watts' has min 200 above max 100", "no value could pass it");

    [Fact]
    public void TheOriginalsEqIsExplained() =>
        Caps("{watts: {eq: 0}}").OnlyProblem(File, 3, 17, "unknown key 'eq' in the cap on 'watts'", "write {min: X, max: X}");

    [Fact]
    public void CapValueOfTheWrongType() =>
        Caps("{watts: high}").OnlyProblem(File, 3, 16, "the cap on 'watts' must be a number (its max) or {max: X} / {min: X}, "
            + "found the text \"high\"", "watts: {max: 90}");

    [Fact]
    public void CapWithNeitherBound() =>
        Caps("{watts: {}}").OnlyProblem(File, 3, 9, "the cap on 'watts' sets neither min nor max", "watts: {max: 90}");

    [Fact]
    public void NegativeGlobalSetting() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("max_trial_failures: 3", "max_trial_failures: -1"))
            .OnlyProblem(File, 4, 30, "max_trial_failures -1 in 'global' of caps.yaml must be at least 0", "max_trial_failures: 3");

    [Fact]
    public void UnknownToleranceKey() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("power_regression_pct", "watts_regression_pct"))
            .OnlyProblem(File, 5, 69, "unknown key 'watts_regression_pct' in 'tolerance' of caps.yaml",
                "valid keys here: perf_improvement_pct, latency_regression_pct, power_regression_pct");

    [Fact]
    public void VersionMustBeTwo() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("version: 2", "version: \"2\""))
            .OnlyProblem(File, 1, 10, "'version' of caps.yaml must be a whole number, found the text \"2\"", "no quotes");
}
