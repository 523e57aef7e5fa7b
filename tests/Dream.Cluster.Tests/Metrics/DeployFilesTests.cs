using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Actor;
using Dream.Cluster.Metrics;
using Dream.Cluster.Nodes;
using Dream.Cluster.Tests.Nodes;
using YamlDotNet.RepresentationModel;

namespace Dream.Cluster.Tests.Metrics;

/// <summary>
/// deploy/grafana/dream.json and deploy/prometheus/alerts.yaml against what Dream exports: every metric their
/// queries name is a series a node's /metrics has, and promtool accepts the rules and passes their unit tests.
/// </summary>
public sealed partial class DeployFilesTests : IAsyncLifetime
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dream-deploy-").FullName;
    private ActorSystem? _system;

    private static string Deploy(params string[] parts) => Path.Combine([NodeConfigTests.RepoRoot(), "deploy", .. parts]);

    [GeneratedRegex(@"\bdream_[a-zA-Z0-9_:]*")] private static partial Regex DreamName();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_system is not null) await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(_tmp, recursive: true);
    }

    /// <summary>The sample names of a cluster node's exposition once every metric has a series.</summary>
    private async Task<HashSet<string>> Exported()
    {
        var config = NodeConfig.Build(Path.Combine(_tmp, "data"), [], null, null, [], ["coordinator", "runner"],
            new Dictionary<string, object> { ["akka.management.enabled"] = false }, new Dictionary<string, string>());
        _system = ActorSystem.Create(NodeConfig.SystemName, config);
        var cluster = Akka.Cluster.Cluster.Get(_system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var m = Dream.Cluster.Metrics.Metrics.Get(_system);
        m.ObserveCluster(_system);
        m.TrialFinished("sim", "normal", "ok", 0.2);
        m.DispatcherState(1, 1, 1);
        m.DomainProgress("r", "sim", 0, 0.1, stopped: false);
        m.JournalWrite(TimeSpan.FromMilliseconds(3));
        m.Anomaly("sim", "stall");
        m.BaselineDrift("sim", "normal", "perf", 0.5);
        return PrometheusText.Parse(m.Scrape()).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> DashboardQueries(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (k is "expr" or "definition" && v is JsonValue s && s.TryGetValue<string>(out var text)) yield return text;
                    else if (k == "query" && v is JsonValue q && q.TryGetValue<string>(out var qt) && qt != "prometheus") yield return qt;
                    else foreach (var e in DashboardQueries(v)) yield return e;
                }
                break;
            case JsonArray a:
                foreach (var e in a.SelectMany(DashboardQueries)) yield return e;
                break;
        }
    }

    private static List<(string Alert, string Expr)> AlertRules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Deploy("prometheus", "alerts.yaml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var rules = new List<(string, string)>();
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
                rules.Add((((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!));
        return rules;
    }

    [Fact]
    public async Task EveryMetricTheDashboardAndTheAlertsQueryIsExported()
    {
        var exported = await Exported();
        Assert.Contains("dream_trials_total", exported); // the oracle itself is complete
        Assert.Contains("dream_cluster_members", exported);
        Assert.Contains("dream_trial_duration_seconds_bucket", exported);

        var dashboard = JsonNode.Parse(File.ReadAllText(Deploy("grafana", "dream.json")))!;
        Assert.Equal("Dream", (string?)dashboard["title"]);
        var queries = DashboardQueries(dashboard["panels"]).Concat(DashboardQueries(dashboard["templating"])).ToList();
        Assert.True(queries.Count >= 15, $"{queries.Count} queries");
        var panels = dashboard["panels"]!.AsArray().Where(p => (string?)p!["type"] != "row").ToList();
        Assert.All(panels, p => Assert.NotEmpty(p!["targets"]!.AsArray()));

        var rules = AlertRules();
        Assert.Superset(new HashSet<string> { "DreamNoTrialFinished", "DreamFailedTrialRate", "DreamCapBreaches", "DreamUnreachableMembers" },
            rules.Select(r => r.Alert).ToHashSet());

        foreach (var (where, expr) in queries.Select(q => ("dashboard", q)).Concat(rules.Select(r => (r.Alert, r.Expr))))
        {
            var names = DreamName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(names.Count > 0, $"{where}: no Dream metric in {expr}");
            foreach (var n in names) Assert.True(exported.Contains(n), $"{where}: {n} is not exported by Dream (exported: {string.Join(", ", exported.Order())})");
        }
    }

    private static string? Promtool() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);

    private static (int Code, string Output) Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Deploy("prometheus") };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [SkippableFact]
    public void PromtoolAcceptsTheRulesAndTheirUnitTestsPass()
    {
        var promtool = Promtool();
        Skip.If(promtool is null, "promtool is missing: install Debian's prometheus package (apt-get install prometheus) to check deploy/prometheus/alerts.yaml");
        var check = Run(promtool!, "check", "rules", "alerts.yaml");
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("SUCCESS", check.Output);
        var test = Run(promtool!, "test", "rules", "alerts_test.yaml");
        Assert.True(test.Code == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output);
    }
}
