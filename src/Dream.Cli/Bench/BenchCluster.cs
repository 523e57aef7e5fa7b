using System.Diagnostics;
using System.Security.Cryptography;
using Akka.Actor;
using Dream.Cli.Commands;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Nodes;
using Dream.Cluster.Runs;
using Dream.Core.Config;
using Dream.Trials;

namespace Dream.Cli.Bench;

/// <summary>
/// The cluster one benchmark measurement runs on, fresh for each: either this process alone (coordinator and runner,
/// as <c>dream run</c> without <c>--join</c>), or this process as the only coordinator with runner processes joined to
/// it, so that every trial crosses the network to a runner.
/// </summary>
public sealed class BenchCluster : IDisposable
{
    private static readonly TimeSpan RunnersTimeout = TimeSpan.FromSeconds(120);

    private readonly LocalRunnerNodes? runners; // null: the trials run in this process
    private readonly ITrialExecutor? real;

    private BenchCluster(DreamNode node, LocalRunnerNodes? runners, TimedExecutor? executor, ITrialExecutor? real)
    {
        Node = node;
        this.runners = runners;
        Executor = executor;
        this.real = real;
    }

    public DreamNode Node { get; }

    /// <summary>The trials' executor when they run in this process; null when they run in runner nodes.</summary>
    public TimedExecutor? Executor { get; }

    public int RunnerNodes => runners?.Runners.Count ?? 0;

    /// <summary>
    /// Starts the cluster: with <paramref name="runnerNodes"/> 0, this process is coordinator and runner; otherwise it
    /// is the seed and only coordinator, and returns once all <paramref name="runnerNodes"/> runners are registered.
    /// </summary>
    public static BenchCluster Start(string dir, IReadOnlyList<string> hoconFiles, string nodeClass, int runnerNodes)
    {
        if (runnerNodes == 0)
        {
            ITrialExecutor real = Commands.Trials.Executor(dir);
            var executor = new TimedExecutor(real);
            DreamNode local;
            try
            {
                local = Campaign.StartNode(new NodeSettings(dir, hoconFiles, null, null, [],
                    new HashSet<string> { DreamNode.Coordinator, DreamNode.Runner }, executor, nodeClass));
            }
            catch
            {
                (real as IDisposable)?.Dispose();
                throw;
            }
            return new BenchCluster(local, null, executor, real);
        }
        var port = LocalRunnerNodes.FreePort();
        var node = Campaign.StartNode(new NodeSettings(dir, hoconFiles, "127.0.0.1", port, [],
            new HashSet<string> { DreamNode.Coordinator }, null, nodeClass));
        LocalRunnerNodes? started = null;
        try
        {
            started = LocalRunnerNodes.Start(runnerNodes, Path.Combine(dir, "runner-nodes"), "127.0.0.1:" + port, hoconFiles);
            AwaitRunners(node, started, runnerNodes);
            return new BenchCluster(node, started, null, null);
        }
        catch
        {
            started?.Dispose();
            node.Dispose();
            throw;
        }
    }

    private static void AwaitRunners(DreamNode node, LocalRunnerNodes runners, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (runners.Ended() is { } ended)
            {
                throw new CommandFailure(ExitCodes.Infrastructure, "runner node " + ended.Name + " ended (exit " + ended.Process.ExitCode
                    + ") before it joined; the end of its log (" + ended.Log + "):\n" + ended.Tail());
            }
            var status = node.Dispatcher.Ask<TrialDispatcher.Status>(new TrialDispatcher.GetStatus(), TimeSpan.FromSeconds(10))
                .WaitAsync(TimeSpan.FromSeconds(15)).GetAwaiter().GetResult();
            if (status.Runners >= count) return;
            if (clock.Elapsed > RunnersTimeout)
            {
                throw new CommandFailure(ExitCodes.Infrastructure, status.Runners + " of " + count + " runner nodes registered within "
                    + (int)RunnersTimeout.TotalSeconds + " s; their logs are under " + Path.GetDirectoryName(Path.GetDirectoryName(runners.Runners[0].Log)));
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>Records a new run of <paramref name="domain"/> in the run registry, as <c>dream run</c> does, ready to be driven.</summary>
    public RunSpec CreateRun(DreamConfig config, string domain, int population, int generations, long seed, string nodeClass,
        string? strategy = null, Dream.Core.Racing.RaceSettings? race = null)
    {
        var now = DateTimeOffset.UtcNow;
        var run = RunSpecs.Create(config, new RunSpecs.Choices([domain], population, generations, null, [], seed, strategy, false, race, NoReuse: true),
            RunSpecs.NewRunId(now, RandomNumberGenerator.GetInt32), now, nodeClass).WithNodes(Members());
        var reply = Node.Region(RunRegistry.TypeName).Ask<StatusReply<RunSpec>>(new RunRegistry.Create(run), TimeSpan.FromSeconds(30))
            .WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (!reply.IsSuccess || reply.Value is null)
            throw new InvalidOperationException("the run registry refused run " + run.RunId + ": " + reply.Error?.Message);
        return reply.Value;
    }

    /// <summary>The addresses of the cluster's members, for the run's manifest.</summary>
    private List<string> Members() => Akka.Cluster.Cluster.Get(Node.System).State.Members.Select(m => m.Address.ToString()).ToList();

    /// <summary>Runners first (they finish their trial and leave), then this node.</summary>
    public void Dispose()
    {
        runners?.Dispose();
        Node.Dispose();
        (real as IDisposable)?.Dispose();
    }
}
