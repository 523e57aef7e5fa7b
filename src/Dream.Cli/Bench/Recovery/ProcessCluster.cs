using System.Globalization;
using System.Text.RegularExpressions;

namespace Dream.Cli.Bench.Recovery;

/// <summary>The sim campaign every scenario runs, and the options of <c>dream run</c> that say so.</summary>
public sealed record RecoveryCampaign(string ConfigDir, int Population, int Generations, int Trials, double TrialSeconds, long Seed)
{
    public string Domain => BenchSimConfig.Domain;

    /// <summary>The run's options, its files under <paramref name="data"/>.</summary>
    public IReadOnlyList<string> Options(string data) =>
    [
        "--domain", Domain, "--config-dir", ConfigDir, "--data", data, "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--population", Population.ToString(CultureInfo.InvariantCulture), "--generations", Generations.ToString(CultureInfo.InvariantCulture),
        "--trials", Trials.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The trials of the whole campaign when no candidate is reused: the baseline's and each candidate's, over both regimes.</summary>
    public int MostTrials => BenchSimConfig.Regimes * Trials * (1 + Population * Generations);
}

/// <summary>
/// The <c>dream</c> processes of one scenario on 127.0.0.1, each in a directory of its own under the scenario's work
/// directory, on free ports, with DREAM_LOG_LEVEL=INFO (the trial, reachability, downing and recovery lines the
/// scenario reads) and, for those that journal, the scenario's PostgreSQL database. Everything it started is killed
/// on <see cref="Dispose"/>.
/// </summary>
public sealed class ProcessCluster(string work, string? dbUrl, IReadOnlyList<string> hoconFiles) : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly List<BenchProcess> started = [];

    public string Work => work;

    public IReadOnlyList<BenchProcess> Started => started;

    private Dictionary<string, string?> Env(bool journal) => new()
    {
        ["DREAM_LOG_LEVEL"] = "INFO",
        // A runner-only node needs no journal; the others use the scenario's database, never the user's $DREAM_DB_URL.
        ["DREAM_DB_URL"] = journal ? dbUrl : null,
    };

    private List<string> Hocon()
    {
        var args = new List<string>();
        foreach (var h in hoconFiles)
        {
            args.Add("--hocon");
            args.Add(Path.GetFullPath(h));
        }
        return args;
    }

    /// <summary><c>dream node</c> with <paramref name="roles"/>, joining <paramref name="seed"/> (null: it starts the cluster).</summary>
    public BenchProcess StartNode(string name, string roles, BenchProcess? seed)
    {
        var port = LocalRunnerNodes.FreePort();
        var dir = Path.Combine(work, name);
        var args = new List<string> { "node", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--roles", roles,
            "--management-port", "0", "--data", Path.Combine(dir, "data") };
        if (seed != null) args.AddRange(["--join", seed.HostPort]);
        args.AddRange(Hocon());
        return Add(BenchProcess.Start(name, dir, port, Env(roles.Contains("coordinator", StringComparison.Ordinal)), args));
    }

    /// <summary><c>dream run --join SEED --roles ROLES</c> of <paramref name="campaign"/>, its files under its directory's data/.</summary>
    public BenchProcess Run(string name, BenchProcess seed, string roles, RecoveryCampaign campaign)
    {
        var port = LocalRunnerNodes.FreePort();
        var dir = Path.Combine(work, name);
        var args = new List<string> { "run", "--join", seed.HostPort, "--roles", roles, "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture), "--management-port", "0" };
        args.AddRange(campaign.Options(DataOf(name)));
        args.AddRange(Hocon());
        return Add(BenchProcess.Start(name, dir, port, Env(true), args));
    }

    /// <summary>Any other <c>dream</c> command in this cluster's database (a report, say).</summary>
    public BenchProcess Command(string name, IEnumerable<string> args) =>
        Add(BenchProcess.Start(name, Path.Combine(work, name), null, Env(true), args.Concat(Hocon())));

    /// <summary>Where the process <paramref name="name"/> keeps its data (a run's files under runs/RUN_ID).</summary>
    public string DataOf(string name) => Path.Combine(work, name, "data");

    private BenchProcess Add(BenchProcess p)
    {
        lock (started) started.Add(p);
        return p;
    }

    /// <summary>Waits until each node is Up in the cluster (a node prints its address and roles once it is).</summary>
    public static void AwaitUp(params BenchProcess[] nodes)
    {
        foreach (var n in nodes)
            n.Await(new Regex("^node " + Regex.Escape(n.Address) + "  roles", RegexOptions.Multiline), StartTimeout, n.Name + " to be up");
    }

    /// <summary>The run's id, from the line it prints once the run is recorded.</summary>
    public static string AwaitRunId(BenchProcess run) =>
        run.Await(new Regex(@"^run (\S+)  seed", RegexOptions.Multiline), StartTimeout, "the run to start").Groups[1].Value;

    /// <summary>
    /// Waits until <paramref name="node"/> is running the <paramref name="nth"/> trial whose id contains
    /// <paramref name="part"/> and returns its id while it runs; null when the run ended first.
    /// </summary>
    public static string AwaitTrialInFlight(BenchProcess node, string part, int nth, BenchProcess run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (node.Exited) throw new ScenarioFailure(node.Name + " ended (exit " + node.Process.ExitCode + ") before its trial:\n" + node.Tail());
            if (run.Exited) throw new ScenarioFailure("the run ended before " + node.Name + " ran a trial like " + part + " (this machine may be too fast or too slow for the scenario):\n" + run.Tail());
            var matching = LogLines.StartedTrials(node.Output()).Where(t => t.TrialId.Contains(part, StringComparison.Ordinal)).ToList();
            if (matching.Count >= nth && !matching[^1].Finished) return matching[^1].TrialId;
            Thread.Sleep(5);
        }
        throw new ScenarioFailure(node.Name + " ran no " + nth + ". trial like " + part + " within " + timeout.TotalSeconds + " s:\n" + node.Tail());
    }

    /// <summary>Waits until <paramref name="node"/> has started at least <paramref name="n"/> trials.</summary>
    public static void AwaitTrials(BenchProcess node, int n, BenchProcess run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (LogLines.StartedTrials(node.Output()).Count < n)
        {
            if (node.Exited) throw new ScenarioFailure(node.Name + " ended before it had run " + n + " trial(s):\n" + node.Tail());
            if (run.Exited && run != node) throw new ScenarioFailure("the run ended before " + node.Name + " had run " + n + " trial(s):\n" + run.Tail());
            if (DateTime.UtcNow > deadline) throw new ScenarioFailure(node.Name + " ran fewer than " + n + " trials in " + timeout.TotalSeconds + " s:\n" + node.Tail());
            Thread.Sleep(20);
        }
    }

    /// <summary>Copies nothing: the logs are already in the work directory; this lists them.</summary>
    public IEnumerable<string> Logs()
    {
        lock (started) return started.Select(p => p.Log).ToList();
    }

    /// <summary>SIGKILL to every process still alive.</summary>
    public void Dispose()
    {
        List<BenchProcess> all;
        lock (started) all = [.. started];
        foreach (var p in all)
        {
            if (p.Exited) continue;
            p.Signal(BenchProcess.SigCont); // a frozen process cannot even be killed cleanly by its parent's reader threads
            p.KillNow();
        }
    }
}
