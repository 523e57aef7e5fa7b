using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Configuration;
using Dream.Cli.Commands;
using Dream.Cli.Console;
using Dream.Cluster.Http;
using Dream.Cluster.Metrics;
using Dream.Cluster.Nodes;

namespace Dream.Cli.Ctl;

/// <summary>
/// <c>dream ctl</c>: a live cluster seen through the management endpoint of any of its nodes, as Petabridge.Cmd
/// shows an Akka.NET cluster. Read commands print tables (or the endpoint's JSON with <c>--json</c>);
/// <c>leave</c> and <c>down</c> work only where the node allows changes.
/// </summary>
public static class CtlCommand
{
    public const string DefaultEndpoint = "http://127.0.0.1:7626";

    public static Command Create()
    {
        var command = new Command("ctl", $"Inspect a running cluster through a node's management endpoint (default {DefaultEndpoint}).");
        command.Add(Read("members", "The cluster's members: address, status, roles, leader, reachability.", _ => "/cluster/members", Members));
        command.Add(Read("runs", "The runs in the cluster's journal, newest first, with their state.", _ => "/dream/runs", Runs));
        var runId = new Argument<string>("RUN_ID") { Description = "e.g. 2025-10-08T15-46-00_rk3x9q2 (dream ctl runs lists them)" };
        command.Add(Read("run", "One run's progress per domain: generation, trials, best candidate.", r => RunPath(r.GetValue(runId)!), RunProgress, runId));
        var domain = new Argument<string>("DOMAIN");
        var nodeClass = Options.Text("--node-class", "CLASS", "Another node class than the endpoint node's.");
        command.Add(Read("baselines", "The baselines of a domain on a node class (the endpoint node's by default).",
            r => BaselinesPath(r.GetValue(domain)!, r.GetValue(nodeClass)),
            (c, body, r, @out) => Baselines(c, body, r.GetValue(domain)!, r.GetValue(nodeClass), @out), domain, nodeClass));
        command.Add(Read("trials", "Trials in flight (trial, node, age, attempt) and queued, from the TrialDispatcher.", _ => "/dream/trials", TrialsTable));
        command.Add(MetricsTable());
        command.Add(Change("leave", "Leave",
            "Ask a member to leave the cluster gracefully (needs dream.management.read-only = off on the endpoint node)."));
        command.Add(Change("down", "Down",
            "Mark a member down, e.g. an unreachable one that will not come back (needs dream.management.read-only = off on the endpoint node)."));
        return command;
    }

    /// <summary>Where to ask: --endpoint, else the management address of the --hocon files, else the default.</summary>
    private sealed class Target
    {
        private readonly Option<string?> _endpoint = Options.Text("--endpoint", "URL",
            "Management endpoint of any node of the cluster. Default: the akka.management.http hostname and port of the --hocon files, else "
            + DefaultEndpoint + ".");

        private readonly Option<List<string>> _hocon = Options.List("--hocon", "FILE",
            "HOCON files of the node (later files win); only its management address is read.", split: false);

        public Target(Command command)
        {
            command.Add(_endpoint);
            command.Add(_hocon);
        }

        public CtlClient Client(ParseResult r) => new(Resolve(r.GetValue(_endpoint), r.GetValue(_hocon) ?? []));

        public static Uri Resolve(string? endpoint, IReadOnlyList<string> hocon)
        {
            if (endpoint is not null)
            {
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
                    throw new CommandFailure(ExitCodes.Usage, $"--endpoint must be an http(s) URL such as {DefaultEndpoint}, not {endpoint}");
                return uri;
            }
            if (hocon.Count == 0) return new Uri(DefaultEndpoint);
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            var c = ConfigurationFactory.Empty;
            foreach (var f in hocon.Reverse())
            {
                if (!File.Exists(f)) throw new CommandFailure(ExitCodes.Usage, $"--hocon {f}: no such file");
                try
                {
                    c = c.WithFallback(HoconText.ParseFile(f, env));
                }
                catch (Exception e) when (e is ConfigurationException or InfrastructureException or FormatException)
                {
                    throw new CommandFailure(ExitCodes.Usage, e.Message);
                }
            }
            c = c.WithFallback(NodeConfig.Defaults(env));
            var host = c.GetString("akka.management.http.hostname", "127.0.0.1");
            if (host is "0.0.0.0" or "::" || host.StartsWith('<')) host = "127.0.0.1";
            if (host.Contains(':') && !host.StartsWith('[')) host = "[" + host + "]";
            return new Uri($"http://{host}:{c.GetInt("akka.management.http.port", 7626)}");
        }
    }

    private delegate void Printer(CtlClient client, string body, ParseResult r, TextWriter @out);

    private static Command Read(string name, string description, Func<ParseResult, string> path, Action<CtlClient, string, TextWriter> table,
        params Symbol[] symbols) =>
        Read(name, description, path, (c, b, _, o) => table(c, b, o), symbols);

    private static Command Read(string name, string description, Func<ParseResult, string> path, Printer table, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Add(a);
            else command.Add((Option)s);
        }
        var target = new Target(command);
        var json = Options.Flag("--json", "The endpoint's JSON instead of a table.");
        command.Add(json);
        command.SetAction(r =>
        {
            var @out = r.InvocationConfiguration.Output;
            var p = path(r);
            using var client = target.Client(r);
            var body = client.Get(p);
            if (r.GetValue(json)) @out.WriteLine(CtlClient.Pretty(body));
            else table(client, body, r, @out);
            @out.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string RunPath(string runId) =>
        string.IsNullOrWhiteSpace(runId) || runId.Contains('/') ? throw new CommandFailure(ExitCodes.Usage, $"not a run id: '{runId}'") : "/dream/runs/" + runId;

    private static string BaselinesPath(string domain, string? nodeClass) =>
        string.IsNullOrWhiteSpace(domain) || domain.Contains('/')
            ? throw new CommandFailure(ExitCodes.Usage, $"not a domain name: '{domain}'")
            : "/dream/baselines/" + domain + (nodeClass is null ? "" : "?node_class=" + Uri.EscapeDataString(nodeClass));

    private static void Members(CtlClient client, string body, TextWriter @out)
    {
        var m = JsonNode.Parse(body)!;
        var unreachable = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var u in m["unreachable"]?.AsArray() ?? [])
            unreachable[Text(u?["node"])] = (u?["observedBy"]?.AsArray() ?? []).Select(Text).ToList();
        var leader = Text(m["leader"]);
        var oldest = Text(m["oldest"]);
        var self = Text(m["selfNode"]);
        var t = new Table("NODE", "STATUS", "ROLES", "REACHABLE", "");
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in m["members"]?.AsArray() ?? [])
        {
            var node = Text(member?["node"]);
            var roles = (member?["roles"]?.AsArray() ?? []).Select(Text).Where(r => !r.StartsWith("dc-", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            var notes = new List<string>();
            if (node == leader) notes.Add("leader");
            if (node == oldest) notes.Add("oldest");
            if (node == self) notes.Add("(this endpoint)");
            var status = Text(member?["status"]);
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            t.Row(node, status, string.Join(",", roles),
                unreachable.TryGetValue(node, out var by) ? $"no (seen by {string.Join(", ", by)})" : "yes", string.Join(" ", notes));
        }
        t.Print(@out);
        @out.WriteLine($"{t.Size()} member(s): {string.Join(", ", byStatus.Select(kv => $"{kv.Value} {kv.Key}"))}"
            + (unreachable.Count == 0 ? "" : $"; {unreachable.Count} unreachable"));
    }

    private static void Runs(CtlClient client, string body, TextWriter @out)
    {
        var runs = client.View<Views.Runs>(body, "/dream/runs");
        if (runs.RunList.Count == 0)
        {
            @out.WriteLine($"no runs in the journal of {client.Endpoint}");
            return;
        }
        var t = new Table("RUN", "STATE", "STARTED", "DOMAINS", "GENERATIONS", "SEED");
        foreach (var r in runs.RunList) t.Row(r.RunId, r.State, r.StartedAtUtc, string.Join(",", r.Domains), r.Generations, r.Seed);
        t.Print(@out);
    }

    private static void RunProgress(CtlClient client, string body, TextWriter @out)
    {
        var d = client.View<Views.RunDetail>(body, "/dream/runs");
        var r = d.Run;
        @out.WriteLine($"run {r.RunId}  {r.State}  seed {r.Seed}  started {r.StartedAtUtc}  node class {r.NodeClass}");
        if (r.State == Views.Stopped) @out.WriteLine($"no coordinator runs it; continue it with: dream run --resume {r.RunId}");
        var t = new Table("DOMAIN", "STATE", "GENERATION", "TRIALS", "BEST", "SCORE_V2", "COORDINATOR / OUTCOME");
        foreach (var p in d.Domains)
        {
            var generation = p.Generation < 0
                ? (p.State == Views.NotStarted ? "-" : "baselines")
                : $"gen{p.Generation} ({p.Generation + 1}/{p.Generations})";
            t.Row(p.Domain, p.State, generation, p.TrialsRecorded, p.BestCandId,
                p.BestScore?.ToString("0.0000", CultureInfo.InvariantCulture), p.Coordinator ?? p.Outcome);
        }
        t.Print(@out);
        foreach (var p in d.Domains)
            @out.WriteLine($"{p.Domain}: population {p.Population}, {p.Generations} generation(s), regimes {string.Join(",", p.Regimes)}, "
                + $"{p.TrialsPerCandidate} trial(s) per candidate and regime");
    }

    private static void Baselines(CtlClient client, string body, string domain, string? nodeClass, TextWriter @out)
    {
        var regimes = JsonNode.Parse(body)?[domain] as JsonObject;
        if (regimes is null || regimes.Count == 0)
        {
            @out.WriteLine($"no baselines of {domain} for node class {nodeClass ?? "of " + client.Endpoint}; the next run of {domain} measures them");
            return;
        }
        var t = new Table("REGIME", "KPI", "MEAN", "CI95", "TRIALS", "BASELINE_ID");
        string? nc = null;
        foreach (var (regime, b) in regimes)
        {
            nc = Text(b?["node_class"]);
            bool first = true;
            foreach (var (kpi, mean) in b?["kpis"]?.AsObject() ?? [])
            {
                var ci = b?["ci95"]?[kpi] as JsonArray;
                t.Row(first ? regime : "", kpi, F(mean!.GetValue<double>()),
                    ci is { Count: 2 } ? $"[{F(ci[0]!.GetValue<double>())}, {F(ci[1]!.GetValue<double>())}]" : null,
                    first ? b?["trials"]?.ToString() : "", first ? Text(b?["baseline_id"]) : "");
                first = false;
            }
        }
        @out.WriteLine($"baselines of {domain}, node class {nc}");
        t.Print(@out);
    }

    private static void TrialsTable(CtlClient client, string body, TextWriter @out)
    {
        var s = client.View<Views.Trials>(body, "/dream/trials");
        @out.WriteLine($"{s.Runners} runner(s), {s.InFlight.Count} trial(s) in flight, {s.Queued} queued; "
            + $"{s.Dispatched} dispatched, {s.Redispatched} re-dispatched since the dispatcher started");
        if (s.InFlight.Count == 0) return;
        var t = new Table("TRIAL", "NODE", "AGE", "ATTEMPT");
        foreach (var f in s.InFlight) t.Row(f.TrialId, f.Node, (f.AgeMs / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s", f.Attempt + 1);
        t.Print(@out);
    }

    private static Command MetricsTable()
    {
        var command = new Command("metrics",
            "The node's Prometheus metrics, checked against the text format and shown as a table (histogram buckets left out).");
        var target = new Target(command);
        var raw = Options.Flag("--raw", "The text as the node serves it.");
        command.Add(raw);
        command.SetAction(r =>
        {
            var @out = r.InvocationConfiguration.Output;
            using var client = target.Client(r);
            var body = client.Get("/metrics");
            IReadOnlyList<PrometheusText.Sample> samples;
            try
            {
                samples = PrometheusText.Parse(body);
            }
            catch (PrometheusText.Invalid e)
            {
                throw new CommandFailure(ExitCodes.Infrastructure, $"{client.Endpoint}/metrics is not valid Prometheus text: {e.Message}");
            }
            if (r.GetValue(raw))
            {
                @out.Write(body);
                return ExitCodes.Ok;
            }
            var t = new Table("METRIC", "LABELS", "VALUE");
            foreach (var x in samples)
            {
                if (x.Name.EndsWith("_bucket", StringComparison.Ordinal)) continue;
                var labels = x.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value);
                var v = x.Value;
                t.Row(x.Name, string.Join(",", labels),
                    v == Math.Round(v) && Math.Abs(v) < 1e15 ? ((long)v).ToString(CultureInfo.InvariantCulture) : v.ToString("G6", CultureInfo.InvariantCulture));
            }
            t.Print(@out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Change(string name, string operation, string description)
    {
        var command = new Command(name, description);
        var node = new Argument<string>("NODE") { Description = "The member's address, akka.tcp://Dream@HOST:PORT or HOST:PORT (dream ctl members lists them)." };
        command.Add(node);
        var target = new Target(command);
        command.SetAction(r =>
        {
            using var client = target.Client(r);
            r.InvocationConfiguration.Output.WriteLine(client.MemberOperation(r.GetValue(node)!, operation));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToString() ?? "";

    private static string F(double d) => d.ToString("0.0000", CultureInfo.InvariantCulture);
}
