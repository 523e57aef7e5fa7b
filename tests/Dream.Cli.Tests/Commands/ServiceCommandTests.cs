using Dream.Cli.Commands;
using Dream.Core.Config;
using Dream.Core.Scheduling;

namespace Dream.Cli.Tests.Commands;

/// <summary>dream service's options: what each domain's campaigns get, and what is refused before anything starts.</summary>
public sealed class ServiceCommandTests : IDisposable
{
    private static readonly string Config = Path.Combine(Cli.RepoRoot(), "config");
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void OptionsWinOverTheDomainsEntryWhichWinsOverTheFilesDefaults()
    {
        var config = ConfigLoader.Load(Config);
        var file = _tmp.Resolve("schedule.yaml");
        File.WriteAllText(file, "version: 1\ndefaults: {every: 6h, population: 12, generations: 5}\n"
            + "domains:\n  cpu: {every: 2h, trials: 2}\n  memory: {regimes: [normal]}\n");
        var schedule = ScheduleParser.Load(file, config);

        var plan = ServiceCommand.Plan(ServiceCommand.Bind("--generations", "3"), config, schedule);
        Assert.Equal(new List<DomainSchedule>
        {
            new("cpu", TimeSpan.FromHours(2), 12, 3, 2, null, null),
            new("memory", TimeSpan.FromHours(6), 12, 3, null, ["normal"], null),
        }, plan);

        var only = ServiceCommand.Plan(ServiceCommand.Bind("--domain", "memory", "--every", "45m"), config, schedule);
        Assert.Equal(new List<DomainSchedule> { new("memory", TimeSpan.FromMinutes(45), 12, 5, null, ["normal"], null) }, only);
    }

    [Fact]
    public void BadOptionsAreUsageErrorsAndNothingIsWritten()
    {
        var data = _tmp.Resolve("data");
        string[][] bads =
        [
            ["--domain", "cpu", "--every", "30"],
            ["--domain", "cpu", "--every", "0s"],
            ["--domain", "cpu", "--backoff", "1h,1m"],
            ["--domain", "cpu", "--population", "1"],
            ["--domain", "cpu,cpu"],
            ["--domain", "nope"],
            ["--domain", "cpu", "--regimes", "nope"],
            [],
        ];
        foreach (var bad in bads)
        {
            string[] args = ["service", .. bad, "--config-dir", Config, "--data", data];
            var r = Cli.Run(args);
            Assert.True(r.ExitCode == ExitCodes.Usage, string.Join(" ", bad) + ": " + r.Err);
            Assert.True(r.Err.StartsWith("dream: ", StringComparison.Ordinal), r.Err);
            Assert.False(Directory.Exists(data) || File.Exists(data), string.Join(" ", bad) + " wrote " + data);
        }
    }

    [Fact]
    public void BackoffReadsInitialAndMax()
    {
        Assert.Equal(new Backoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), ServiceCommand.ParseBackoff("30s,10m"));
        Assert.Equal(new Backoff(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), ServiceCommand.ParseBackoff("5m"));
        // an initial above the default max is its own max
        Assert.Equal(new Backoff(TimeSpan.FromHours(2), TimeSpan.FromHours(2)), ServiceCommand.ParseBackoff("2h"));
    }
}
