using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// <c>dream</c> processes on 127.0.0.1 forming one cluster, each in a directory of its own under the work directory,
/// on free ports; the journal of the coordinators in a PostgreSQL database. Everything it started is killed on dispose.
/// </summary>
public sealed partial class LocalCluster(string work, PostgresDatabase db) : IDisposable
{
    public static readonly string Config = RunFiles.Data("sim-cluster-config");
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>One member: its directory, port and process.</summary>
    public sealed record Node(string Name, int Port, DreamProcess Process)
    {
        public string Address => "akka.tcp://Dream@127.0.0.1:" + Port;
        public string HostPort => "127.0.0.1:" + Port;
        public string Output() => Process.Output();
    }

    private readonly List<(string Name, DreamProcess Process)> _started = [];

    public static int FreePort()
    {
        using var s = new TcpListener(IPAddress.Loopback, 0);
        s.Start();
        return ((IPEndPoint)s.LocalEndpoint).Port;
    }

    /// <summary><c>dream node</c> with <paramref name="roles"/>, joining <paramref name="seed"/> (null: it starts the cluster).
    /// A runner-only node gets no journal: it needs none.</summary>
    public Node StartNode(string name, string roles, Node? seed)
    {
        int port = FreePort();
        var args = new List<string> { "node", "--port", port.ToString(), "--roles", roles, "--management-port", "0", "--data", Path.Combine(work, name, "data") };
        if (seed != null) args.AddRange(["--join", seed.HostPort]);
        return new Node(name, port, Start(name, roles.Contains("coordinator"), args));
    }

    /// <summary><c>dream run --join seed --roles roles</c> with <paramref name="campaign"/> (the run's own options).</summary>
    public Node Run(string name, Node seed, string roles, params string[] campaign)
    {
        int port = FreePort();
        var args = new List<string> { "run", "--join", seed.HostPort, "--roles", roles, "--port", port.ToString(), "--management-port", "0" };
        args.AddRange(campaign);
        return new Node(name, port, Start(name, true, args));
    }

    /// <summary>A <c>dream</c> command in this cluster's database (report, a resumed run), in <paramref name="name"/>'s directory.</summary>
    public DreamProcess Command(string name, params string[] args) => Start(name, true, args);

    private DreamProcess Start(string name, bool journal, IEnumerable<string> args)
    {
        var env = new Dictionary<string, string>(journal ? db.Env() : new Dictionary<string, string>()) { ["DREAM_LOG_LEVEL"] = "INFO" };
        var p = DreamProcess.Start(Path.Combine(work, name), env, args.ToArray());
        _started.Add((name, p));
        return p;
    }

    /// <summary>The options of a sim campaign with half-second trials and seed 7, its files under <paramref name="data"/>.</summary>
    public static string[] Campaign(string data, int population, int generations, int trials = 2) =>
        ["--domain", "sim", "--config-dir", Config, "--data", data, "--seed", "7",
         "--population", population.ToString(), "--generations", generations.ToString(), "--trials", trials.ToString()];

    /// <summary>Waits until each node is Up in the cluster (it prints its address and roles once it is).</summary>
    public static void AwaitUp(params Node[] nodes)
    {
        foreach (var n in nodes)
            Await(n.Process, new Regex("^node " + Regex.Escape(n.Address) + "  roles", RegexOptions.Multiline), StartTimeout, n.Name + " to be up");
    }

    /// <summary>The first match of <paramref name="pattern"/> in the output; fails when the process ends first or after the timeout.</summary>
    public static Match Await(DreamProcess p, Regex pattern, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            bool alive = !p.Process.HasExited;
            var m = pattern.Match(p.Output());
            if (m.Success) return m;
            if (!alive) throw new Xunit.Sdk.XunitException($"waiting for {what}, the process ended (exit {p.Process.ExitCode}):\n{p.Output()}");
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"waiting for {what}: nothing after {timeout.TotalSeconds} s:\n{p.Output()}");
            Thread.Sleep(20);
        }
    }

    public static DreamProcess.Result AwaitExit(DreamProcess p, TimeSpan timeout)
    {
        if (!p.Process.WaitForExit(timeout)) throw new Xunit.Sdk.XunitException($"not finished after {timeout.TotalSeconds} s:\n{p.Output()}");
        p.Process.WaitForExit();
        return new DreamProcess.Result(p.Process.ExitCode, p.Output());
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3}) .*trial (\S+) (started|finished)", RegexOptions.Multiline)]
    private static partial Regex TrialLine();

    /// <summary>Trial ids whose "started" line is in the output, in order, each mapped to whether it has finished.</summary>
    public static IReadOnlyDictionary<string, bool> Trials(string output)
    {
        var trials = new Dictionary<string, bool>();
        foreach (Match m in TrialLine().Matches(output)) trials[m.Groups[2].Value] = m.Groups[3].Value == "finished";
        return trials;
    }

    /// <summary>The time of day of the first log line that starts <paramref name="trialId"/>, if any.</summary>
    public static TimeOnly? StartOf(string output, string trialId)
    {
        foreach (Match m in TrialLine().Matches(output))
            if (m.Groups[2].Value == trialId && m.Groups[3].Value == "started") return TimeOnly.ParseExact(m.Groups[1].Value, "HH:mm:ss.fff");
        return null;
    }

    /// <summary>Milliseconds from one log time to another (a midnight in between is allowed for).</summary>
    public static long MillisBetween(TimeOnly from, TimeOnly to)
    {
        var d = (long)(to.ToTimeSpan() - from.ToTimeSpan()).TotalMilliseconds;
        return d < -12 * 3_600_000L ? d + 24 * 3_600_000L : d;
    }

    /// <summary>"trials recorded N, distinct trial ids N, recorded more than once N" of a <c>dream report</c>.</summary>
    public sealed record Counts(long Recorded, long Distinct, long Twice)
    {
        public static Counts Of(string report)
        {
            var m = Regex.Match(report, @"trials recorded (\d+), distinct trial ids (\d+), recorded more than once (\d+)");
            if (!m.Success) throw new Xunit.Sdk.XunitException("no trial counts in the report:\n" + report);
            return new Counts(long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value));
        }
    }

    /// <summary>Copies every log of this cluster to <paramref name="dir"/> (for a look after the test), NAME-N.log.</summary>
    public void KeepLogs(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        for (int i = 0; i < _started.Count; i++)
        {
            try { File.WriteAllText(Path.Combine(dir, _started[i].Name + "-" + i + ".log"), _started[i].Process.Output()); }
            catch (IOException) { }
        }
    }

    /// <summary>SIGKILL to every process this cluster started that is still alive.</summary>
    public void KillAll()
    {
        foreach (var (_, p) in _started)
            if (!p.Process.HasExited) p.Kill();
    }

    public void Dispose() => KillAll();
}
