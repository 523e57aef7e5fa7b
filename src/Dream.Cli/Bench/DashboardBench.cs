using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Akka;
using Akka.Actor;
using Akka.Persistence;
using Dream.Cli.Commands;
using Dream.Cluster.Http;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;

namespace Dream.Cli.Bench;

/// <summary>
/// <c>dream bench dashboard</c>: how fast the dashboard answers its run list (/dream/ui/api/runs, first page of 25)
/// with many runs and trials in the journal, and whether asking it slows the journal's writes. A fresh data directory
/// gets N sim runs whose journals hold the events <c>dream run</c> writes (run-created, domain-started,
/// baselines-fixed, and per generation proposed, trials recorded per candidate, assessed, completed), measured and
/// scored in this process as <see cref="SimMeasure"/> does; then the run list is asked (the first time, and again
/// many times) and trial batches are written to one run's journal, alone and while the list is asked in a loop.
/// The list is timed as the route computes it (journal queries, the projection, the page's JSON), without HTTP.
/// </summary>
public static class DashboardBench
{
    public const string Schema = "bench_dashboard.v1";
    private const int Population = 10;
    private const int PageSize = 25;

    public sealed record Values(int Runs, int Trials, int Requests, int Writes, string? Out, CommonValues Common);

    public static Command Create()
    {
        var command = new Command("dashboard", string.Join("\n",
            "Latency of the dashboard's run list (first page of " + PageSize + ") with N runs and M trials in a fresh journal, cold and warm,",
            "and the latency of journal writes alone and while the list is asked in a loop. Results: a table, and JSON (" + Schema + ") in --out."));
        var common = new CommonOptions(command);
        var runs = Options.Int("--runs", "Runs in the journal (default 50).", "N");
        var trials = Options.Int("--trials", "Trials in the journal, over all runs (default 100000).", "M");
        var requests = Options.Int("--requests", "Timed asks of the run list after the first (default 50).", "N");
        var writes = Options.Int("--writes", "Timed journal writes (trial batches) alone, and again under load (default 200).", "N");
        var @out = Options.Text("--out", "FILE", "JSON results (default: <data>/bench/dashboard-<UTC time>.json).");
        foreach (var o in new Option[] { runs, trials, requests, writes, @out }) command.Add(o);
        command.SetAction(r => Call(new Values(r.GetValue(runs) ?? 50, r.GetValue(trials) ?? 100_000, r.GetValue(requests) ?? 50,
                r.GetValue(writes) ?? 200, r.GetValue(@out), common.Read(r)),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Persists what it is given under its persistence id: a run's journal written as its coordinator would.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        public sealed record Write(IReadOnlyList<object> Events);

        public override string PersistenceId { get; }

        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<Write>(w =>
            {
                var sender = Sender;
                var left = w.Events.Count;
                PersistAll(w.Events, _ =>
                {
                    if (--left == 0) sender.Tell(Done.Instance);
                });
            });
        }
    }

    public static int Call(Values v, TextWriter stdout, TextWriter err)
    {
        if (v.Runs < 1) throw new CommandFailure(ExitCodes.Usage, "--runs must be at least 1 (got " + v.Runs + ")");
        if (v.Trials < v.Runs) throw new CommandFailure(ExitCodes.Usage, "--trials must be at least --runs (got " + v.Trials + ")");
        if (v.Requests < 1 || v.Writes < 1) throw new CommandFailure(ExitCodes.Usage, "--requests and --writes must be at least 1");
        var started = DateTimeOffset.UtcNow;
        var data = Campaign.DataDir(v.Common).Dir;
        var benchDir = Directory.CreateDirectory(Path.Combine(data, "bench")).FullName;
        var outFile = v.Out ?? Path.Combine(benchDir, "dashboard-" + BenchSupport.FileTime(started) + ".json");
        var work = Directory.CreateDirectory(Path.Combine(benchDir, "dashboard-work-" + Path.GetRandomFileName().Replace(".", ""))).FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            // the first shipped sim landscape (its trials take no time), 2 trials per regime
            var landscape = SearchLandscape.All[0] with { Trials = 2 };
            var config = landscape.Load(Path.Combine(work, "config"));
            var opened = DataDir.Prepare(Path.Combine(work, "data"));
            var node = Campaign.StartNode(opened, err, new HashSet<string>(), dir => new NodeSettings(dir, v.Common.HoconFiles(), null, null,
                Array.Empty<string>(), new HashSet<string> { Roles.Coordinator }, null, Commands.Trials.NodeClass(), new Dictionary<string, object>()));
            try
            {
                stdout.WriteLine($"dream bench dashboard: {v.Runs} runs, {v.Trials} trials into a fresh SQLite journal ({work})");
                stdout.Flush();
                var seeding = Stopwatch.StartNew();
                var (seeded, events, live) = Seed(node.System, config, v);
                stdout.WriteLine($"seeded {seeded} trials in {events} events in {seeding.Elapsed.TotalSeconds:0.0} s");
                stdout.Flush();

                var q = new RunQueries(node.System, new NodeServices(null, Commands.Trials.NodeClass()), TimeSpan.FromSeconds(30));
                int listed = 0;
                double Ask()
                {
                    var t = Stopwatch.StartNew();
                    var page = DashboardRoutes.RunList(q.RunDetails().GetAwaiter().GetResult(), "", 1, PageSize);
                    listed = JsonSerializer.Serialize(page, Views.Json).Length;
                    return t.Elapsed.TotalMilliseconds;
                }
                var cold = Ask();
                var warm = Enumerable.Range(0, v.Requests).Select(_ => Ask()).Order().ToArray();

                var writeAlone = Writes(live, v.Writes, null);
                var loop = new CancellationTokenSource();
                var asked = 0;
                var underLoadAsks = new List<double>();
                var load = Task.Run(() =>
                {
                    while (!loop.IsCancellationRequested)
                    {
                        underLoadAsks.Add(Ask());
                        asked++;
                    }
                });
                var writeLoaded = Writes(live, v.Writes, () => asked);
                loop.Cancel();
                load.GetAwaiter().GetResult();
                var loaded = underLoadAsks.Order().ToArray();

                var doc = BenchSupport.Document(Schema, started, Commands.Trials.NodeClass());
                doc["landscape"] = landscape.Name;
                doc["journal"] = "sqlite (embedded, " + Path.Combine("data", "journal", "dream.db") + ")";
                doc["runs"] = v.Runs;
                doc["trials"] = seeded;
                doc["events"] = events;
                doc["page_size"] = PageSize;
                doc["page_json_bytes"] = listed;
                doc["run_list_ms"] = new Dictionary<string, object?>
                {
                    ["first"] = BenchSupport.Round(cold, 2),
                    ["warm"] = Quantiles(warm),
                    ["while_writing"] = Quantiles(loaded),
                };
                doc["journal_write_ms"] = new Dictionary<string, object?>
                {
                    ["alone"] = Quantiles(writeAlone.Ms),
                    ["while_listing"] = Quantiles(writeLoaded.Ms),
                    ["list_asks_meanwhile"] = writeLoaded.Asks,
                };
                doc["method"] = "run list: DashboardRoutes.RunList over RunQueries.RunDetails (journal read side and the in-memory progress "
                    + "projection) and its JSON, in this process, no HTTP; a journal write: one trials-recorded event of one candidate's trials "
                    + "persisted to run " + live.RunId + "'s domain journal, timed to its acknowledgement";
                doc["wall_s"] = BenchSupport.Round(clock.Elapsed.TotalSeconds, 1);
                stdout.WriteLine();
                stdout.WriteLine(Table(cold, warm, loaded, writeAlone.Ms, writeLoaded.Ms, writeLoaded.Asks));
                Json.WriteAtomically(outFile, doc);
                stdout.WriteLine("results: " + outFile);
                stdout.Flush();
                return ExitCodes.Ok;
            }
            finally
            {
                node.Dispose();
            }
        }
        finally
        {
            BenchSupport.DeleteTree(work);
        }
    }

    private static Dictionary<string, object?> Quantiles(double[] sorted) => new()
    {
        ["n"] = sorted.Length,
        ["p50"] = sorted.Length == 0 ? null : BenchSupport.Round(SearchBench.Quantile(sorted, 0.5), 2),
        ["p95"] = sorted.Length == 0 ? null : BenchSupport.Round(SearchBench.Quantile(sorted, 0.95), 2),
        ["max"] = sorted.Length == 0 ? null : BenchSupport.Round(sorted[^1], 2),
    };

    private static string Table(double cold, double[] warm, double[] loaded, double[] alone, double[] underLoad, int asks)
    {
        string Row(string what, double[] s) => string.Format(CultureInfo.InvariantCulture, "{0,-36} {1,6} {2,10:0.00} {3,10:0.00} {4,10:0.00}",
            what, s.Length, SearchBench.Quantile(s, 0.5), SearchBench.Quantile(s, 0.95), s[^1]);
        return string.Join("\n",
            string.Format(CultureInfo.InvariantCulture, "{0,-36} {1,6} {2,10} {3,10} {4,10}", "ms", "n", "p50", "p95", "max"),
            Row("run list, first ask", [cold]),
            Row("run list, warm", warm),
            loaded.Length > 0 ? Row("run list, while the journal is written", loaded) : "run list, while the journal is written: not asked",
            Row("journal write, alone", alone),
            Row($"journal write, under {asks} list asks", underLoad));
    }

    private sealed record Live(string RunId, IActorRef Writer, SimMeasure Measure, Genome Genome);

    /// <summary>The journals of <see cref="Values.Runs"/> sim runs, as their coordinators write them.</summary>
    private static (int Trials, int Events, Live Live) Seed(ActorSystem system, Dream.Core.Config.DreamConfig config, Values v)
    {
        var perRun = v.Trials / v.Runs;
        int trials = 0, events = 0;
        Live? live = null;
        for (var r = 1; r <= v.Runs; r++)
        {
            var probe = new SimMeasure(config, SearchLandscape.Domain, r, "ga", Population, 1);
            var generations = Math.Max(1, (int)Math.Ceiling(perRun / (double)(Population * probe.TrialsPerCandidate)));
            var m = new SimMeasure(config, SearchLandscape.Domain, r, "ga", Population, generations);
            var runId = m.Run.RunId;
            var domain = m.Run.Domains[0];
            var at = m.Run.StartedAtUtc;
            Persist(system, RunRegistry.PersistenceIdOf(runId), [new RunRegistry.Created(m.Run)]);
            var writer = system.ActorOf(Props.Create(() => new Writer(DomainCoordinator.PersistenceIdOf(runId, domain))));
            var records = m.Plan.Regimes.ToDictionary(x => x.Name, x => BaselineMeasurement.Of(m.Run, domain, x, m.Stock,
                m.Measure(m.Stock, DomainState.Baseline), DateTimeOffset.UnixEpoch).Record!);
            var head = new List<object>
            {
                new DomainEvent.Started(m.Run, domain, at),
                new DomainEvent.BaselinesFixed(m.Baselines, records, at),
            };
            Ask(writer, head);
            events += head.Count;
            var rng = new Random(r);
            var left = perRun;
            for (var g = 0; g < generations && left > 0; g++)
            {
                var genomes = Enumerable.Range(0, Population).Select(_ => m.Space.Random(rng)).ToList();
                var batch = new List<object> { new DomainEvent.GenerationProposed(g, genomes, at) };
                string? bestId = null;
                double? best = null;
                CandidatePack? bestPack = null;
                for (var c = 0; c < Population; c++)
                {
                    var candId = DomainState.CandId(g, c);
                    var results = m.Measure(genomes[c], candId);
                    batch.Add(new DomainEvent.TrialsRecorded(results.Values.ToList(), at));
                    trials += results.Count;
                    left -= results.Count;
                    var assessed = CandidateScoring.Assess(m.Run, domain, g, candId, genomes[c], results, m.Baselines, DateTimeOffset.UnixEpoch);
                    batch.Add(new DomainEvent.CandidateAssessed(g, candId, assessed.Pack, assessed.Score, null, at));
                    if (assessed.Score is { } s && (best is null || s > best))
                    {
                        (best, bestId, bestPack) = (s, candId, assessed.Pack);
                    }
                }
                batch.Add(new DomainEvent.GenerationCompleted(g, bestId, best, bestPack?.Aggregate.ScoreCi95, Population, Population, at));
                Ask(writer, batch);
                events += batch.Count;
            }
            // the newest run is left running (not finished), and its journal is the one written during the measurement
            if (r < v.Runs)
            {
                Ask(writer, [new DomainEvent.Finished("completed", null, null, at)]);
                events++;
                system.Stop(writer);
            }
            else live = new Live(runId, writer, m, m.Stock);
        }
        return (trials, events, live!);
    }

    private static void Persist(ActorSystem system, string persistenceId, IReadOnlyList<object> events)
    {
        var writer = system.ActorOf(Props.Create(() => new Writer(persistenceId)));
        Ask(writer, events);
        system.Stop(writer);
    }

    private static void Ask(IActorRef writer, IReadOnlyList<object> events) =>
        writer.Ask<Done>(new Writer.Write(events), TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();

    /// <summary><paramref name="n"/> trial batches written one after the other to the live run's journal, each timed.</summary>
    private static (double[] Ms, int Asks) Writes(Live live, int n, Func<int>? asks)
    {
        var before = asks?.Invoke() ?? 0;
        var ms = new List<double>();
        // under load, at least 3 list asks are to overlap the writes, however fast the writes are
        for (var i = 0; i < n || (asks is not null && asks() - before < 3 && i < 100 * n); i++)
        {
            var results = live.Measure.Measure(live.Genome, "write" + i + "_" + Guid.NewGuid().ToString("N")[..6]);
            var t = Stopwatch.StartNew();
            Ask(live.Writer, [new DomainEvent.TrialsRecorded(results.Values.ToList(), Timestamps.Utc(DateTimeOffset.UtcNow))]);
            ms.Add(t.Elapsed.TotalMilliseconds);
        }
        return (ms.Order().ToArray(), (asks?.Invoke() ?? 0) - before);
    }
}
