using Dream.Core.Config;
using Dream.Core.Scheduling;

namespace Dream.Core.Tests.Config;

/// <summary>dream service schedule files: what a valid one means, and each mistake at its file:line:column.</summary>
public class ScheduleErrorsTests : TempDirTest
{
    private readonly DreamConfig config;

    public ScheduleErrorsTests() => config = ConfigLoader.Load(ConfigFixture.Valid(Tmp).Dir);

    private CampaignSchedule Load(string text)
    {
        var file = Path.Combine(Tmp, "schedule.yaml");
        File.WriteAllText(file, text);
        return ScheduleParser.Load(file, config);
    }

    private ConfigProblem OnlyProblem(string text)
    {
        var e = Assert.Throws<ConfigException>(() => Load(text));
        Assert.True(e.Problems().Count == 1, e.Message);
        var p = e.Problems()[0];
        Assert.True(p.File.EndsWith("schedule.yaml", StringComparison.Ordinal), p.ToString());
        return p;
    }

    private static void At(ConfigProblem p, int line, int column, string message)
    {
        Assert.True(line + ":" + column == p.Line + ":" + p.Column, p.ToString());
        Assert.True(p.Message.Contains(message, StringComparison.Ordinal), p.ToString());
    }

    [Fact]
    public void AValidScheduleInheritsItsDefaults()
    {
        var s = Load(ConfigFixture.Text("""
            version: 1
            defaults: {every: 1h, population: 6, generations: 3}
            backoff: {initial: 30s, max: 10m}
            domains:
              toy: {every: 15m, trials: 2, regimes: [normal], strategy: cmaes}
            """));
        Assert.Equal(new Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), s.Backoff);
        Assert.Equal(new DomainSchedule("toy", TimeSpan.FromMinutes(15), 6, 3, 2, ["normal"], "cmaes"), s.ForDomain("toy"));
    }

    [Fact]
    public void ADisabledDomainIsNotScheduledAndAnEmptyEntryTakesTheDefaults()
    {
        Assert.Equal([DomainSchedule.Unset("toy")], Load("version: 1\ndomains:\n  toy:\n").Domains);
        Assert.Equal(TimeSpan.FromHours(1), Load("version: 1\ndomains:\n  toy: {}\n").ForDomain("toy").Interval());
        At(OnlyProblem("version: 1\ndomains:\n  toy: {enabled: false}\n"), 2, 1, "every domain of the schedule is disabled");
    }

    [Fact]
    public void AnUnknownDomainIsNamedWithTheKnownOnes()
    {
        var p = OnlyProblem("version: 1\ndomains:\n  tyo: {every: 5m}\n");
        At(p, 3, 3, "unknown domain 'tyo'");
        Assert.Contains("did you mean 'toy'", p.Fix);
    }

    [Fact]
    public void AnUnknownRegime() =>
        At(OnlyProblem("version: 1\ndomains:\n  toy: {regimes: [normal, stress]}\n"), 3, 27, "domain 'toy' has no regime 'stress'");

    [Fact]
    public void AnIntervalWithoutAUnit()
    {
        var p = OnlyProblem("version: 1\ndomains:\n  toy: {every: 30}\n");
        At(p, 3, 16, "'every' of domain 'toy' of the schedule must be a duration with its unit");
        Assert.Contains("every: 30m", p.Fix);
    }

    [Fact]
    public void ATooSmallPopulationAndAnUnknownKey()
    {
        At(OnlyProblem("version: 1\ndefaults: {population: 1}\ndomains: {toy: {}}\n"), 2, 24, "population 1");
        At(OnlyProblem("version: 1\ndomains:\n  toy: {evrey: 5m}\n"), 3, 9, "unknown key 'evrey'");
    }

    [Fact]
    public void ABackoffWhoseMaxIsBelowItsInitialAndAWrongVersion()
    {
        At(OnlyProblem("version: 1\nbackoff: {initial: 10m, max: 1m}\ndomains: {toy: {}}\n"), 2, 30, "backoff max 1m is shorter than initial 10m");
        At(OnlyProblem("version: 2\ndomains: {toy: {}}\n"), 1, 10, "schedule version 2 is not supported");
    }

    [Fact]
    public void AnIntervalShorterThanASecondAndAnUnknownStrategy()
    {
        At(OnlyProblem("version: 1\ndomains:\n  toy: {every: 0s}\n"), 3, 16, "every 0s in domain 'toy' of the schedule must be at least 1s");
        At(OnlyProblem("version: 1\ndomains:\n  toy: {strategy: cma}\n"), 3, 19, "unknown strategy 'cma'");
    }
}
