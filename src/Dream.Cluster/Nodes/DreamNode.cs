using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.Event;
using Dream.Cluster.Baselines;
using Dream.Cluster.Dispatch;
using Dream.Cluster.Http;
using Dream.Cluster.Runs;
using Dream.Cluster.Service;

namespace Dream.Cluster.Nodes;

/// <summary>
/// This process as an Akka.NET cluster node, and the one place that wires it: checks the configuration and the
/// journal, joins (or forms) the cluster, and starts its share of Dream — the sharded coordinators, run registry
/// and baseline stores (each registered the same way, as proxies on nodes without the coordinator role), the
/// TrialDispatcher singleton and, with the runner role, this node's TrialRunner — then the management endpoint.
/// </summary>
public sealed class DreamNode : IAsyncDisposable, IDisposable
{
    public const string Coordinator = "coordinator";
    public const string Runner = "runner";
    public const string DispatcherName = "trial-dispatcher";
    public const string RunnerName = "trial-runner";

    /// <summary>A setting that cannot work, e.g. a multi-node coordinator on a per-node SQLite journal: exit status 2.</summary>
    public sealed class Refused(string message) : Exception(message);

    public ActorSystem System { get; }

    /// <summary>The TrialDispatcher (its singleton proxy).</summary>
    public IActorRef Dispatcher { get; }

    public string NodeClass { get; }

    /// <summary>The management endpoint (dream ctl --endpoint), when dream.management.enabled is on.</summary>
    public Uri? ManagementUri => _management?.Uri;

    public ClusterSharding Sharding => ClusterSharding.Get(System);

    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

    private readonly Management? _management;

    private DreamNode(ActorSystem system, IActorRef dispatcher, string nodeClass, Management? management)
    {
        System = system;
        Dispatcher = dispatcher;
        NodeClass = nodeClass;
        _management = management;
    }

    /// <summary>The shard region (or proxy) of a Dream entity type: <see cref="DomainCoordinator.TypeName"/>, ...</summary>
    public IActorRef Region(string typeName) => Sharding.ShardRegion(typeName);

    public static DreamNode Start(NodeSettings s) => StartAsync(s).GetAwaiter().GetResult();

    /// <summary>The least number of thread-pool threads a node keeps ready (see <see cref="EnsurePoolThreads"/>).</summary>
    public const int MinPoolThreads = 16;

    /// <summary>
    /// Some work on the thread pool blocks its thread: SQLite's driver has no asynchronous I/O, so a journal write
    /// holds a pool thread through its fsync, and so does each atomic write of the run files. With the pool's default
    /// minimum of one thread per core, two such writes on a 2-core machine left every actor waiting until the pool
    /// grew (tens of milliseconds, again and again: most of the wall time of zero-second trials). With a larger
    /// minimum the pool adds a thread at once instead. The runner's trials run on the pool too
    /// (<c>dream-trial-dispatcher</c>), each holding a thread while it runs: one more thread kept ready per slot.
    /// </summary>
    private static void EnsurePoolThreads(int slots)
    {
        var wanted = MinPoolThreads + Math.Max(0, slots);
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, Math.Max(io, wanted));
    }

    /// <exception cref="Refused">the settings cannot work together (exit status 2)</exception>
    /// <exception cref="InfrastructureException">the journal, the cluster or a port is unavailable (exit status 3)</exception>
    public static async Task<DreamNode> StartAsync(NodeSettings s)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        // The schedule's events by exact type to their own versioned codec (see ServiceScheduleJournal).
        var config = ConfigurationFactory.ParseString(ServiceScheduleJournal.Serializer.Hocon)
            .WithFallback(NodeConfig.Build(s.DataDir, s.HoconFiles, s.Host, s.Port, s.Join, s.Roles, s.Overrides, env));
        var tls = TlsCheck.Check(config);
        var journal = NodeConfig.Journal(config);
        bool coordinator = s.Roles.Contains(Coordinator);
        if (coordinator && s.Clustered && !journal.Postgres)
        {
            throw new Refused("a coordinator of a multi-node cluster needs the shared PostgreSQL journal, not this node's own SQLite file: "
                + "set DREAM_DB_URL=postgresql://USER@HOST:PORT/DB (or --hocon hocon/postgres.conf) on every coordinator node, "
                + "or give this node only the runner role (--roles runner)");
        }
        if (s.Roles.Contains(Runner) && s.Executor == null) throw new ArgumentException("a node with the runner role needs a trial executor");
        // A runner-only node keeps no journal: its trials are recorded by the coordinators.
        if (coordinator) JournalSchema.Ensure(journal);

        EnsurePoolThreads(s.Roles.Contains(Runner) ? config.GetInt("dream.runner.slots", 1) : 0);
        ActorSystem system;
        try
        {
            var setup = BootstrapSetup.Create().WithConfig(config);
            system = tls == null
                ? ActorSystem.Create(NodeConfig.SystemName, setup)
                : ActorSystem.Create(NodeConfig.SystemName, setup.And(TlsCheck.Setup(tls, config)));
        }
        catch (Exception e) when (e is not InfrastructureException)
        {
            throw new InfrastructureException("cannot start the cluster node: " + e.Message, e);
        }
        RunShutdownOnProcessExit(system);
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            if (s.Join.Count == 0) cluster.Join(cluster.SelfAddress);
            await AwaitUp(cluster, config.GetTimeSpan("dream.join-timeout", TimeSpan.FromSeconds(30)), config);
            int slots = config.GetInt("dream.runner.slots", 1);
            var dispatcher = StartDispatcher(system, coordinator, slots, config.GetTimeSpan("dream.dispatcher.lease-grace", TimeSpan.FromSeconds(10)));
            int snapshotEvery = config.GetInt("dream.snapshot-every", 200);
            // Before the coordinators, which remember their entities and may restart at once: they find the evidence cache there.
            StartEntities(system, coordinator, EvidenceStore.TypeName, EvidenceStore.Props, remember: false);
            StartEntities(system, coordinator, DomainCoordinator.TypeName, id => DomainCoordinator.Props(id, dispatcher, snapshotEvery), remember: true);
            StartEntities(system, coordinator, BaselineStore.TypeName, BaselineStore.Props, remember: false);
            StartEntities(system, coordinator, RunRegistry.TypeName, RunRegistry.Props, remember: false);
            if (s.Roles.Contains(Runner))
            {
                var runner = ((ExtendedActorSystem)system).SystemActorOf(TrialRunner.Props(s.Executor!, slots, s.NodeClass,
                    config.GetInt("dream.runner.prefetch", 1)), RunnerName);
                DrainOnLeave(system, runner, config.GetTimeSpan("dream.runner.drain-timeout", TimeSpan.FromSeconds(330)));
            }
            var services = new NodeServices(dispatcher, s.NodeClass);
            var management = await Management.StartIfEnabled(system, services, routes => DreamRoutes.Map(routes, system, services));
            return new DreamNode(system, dispatcher, s.NodeClass, management);
        }
        catch
        {
            // Stopped before the error is reported, so that the journal's files are closed when the command
            // cleans up after it (a data directory it created is removed again).
            await Terminate(system);
            throw;
        }
    }

    /// <summary>
    /// When the process exits (Environment.Exit, or the end of Main), the node first drains its trials, leaves the
    /// cluster and closes the journal. Akka.NET's CLR hook would do the same, but it also takes SIGTERM for itself.
    /// </summary>
    private static void RunShutdownOnProcessExit(ActorSystem system)
    {
        EventHandler onExit = (_, _) => StopForExit(system);
        AppDomain.CurrentDomain.ProcessExit += onExit;
        system.WhenTerminated.ContinueWith(_ => AppDomain.CurrentDomain.ProcessExit -= onExit, TaskScheduler.Default);
    }

    /// <summary>Drains this node's trials in flight, leaves the cluster and stops: what a signal does before the process exits.</summary>
    public void StopForExit() => StopForExit(System);

    private static void StopForExit(ActorSystem system)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        try
        {
            shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance).Wait(shutdown.TotalTimeout);
        }
        catch (Exception e)
        {
            global::System.Console.Error.WriteLine("dream: the node's shutdown failed while the process exited: " + e.Message);
        }
    }

    /// <summary>The singleton on the coordinators, and on every node its proxy (what the node's actors talk to).</summary>
    private static IActorRef StartDispatcher(ActorSystem system, bool coordinator, int slots, TimeSpan leaseGrace)
    {
        if (coordinator)
        {
            system.ActorOf(ClusterSingletonManager.Props(TrialDispatcher.Props(slots, leaseGrace), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(Coordinator)), DispatcherName);
        }
        return system.ActorOf(ClusterSingletonProxy.Props("/user/" + DispatcherName,
            ClusterSingletonProxySettings.Create(system).WithRole(Coordinator)), DispatcherName + "-proxy");
    }

    /// <summary>Every entity type the same way: hosted on the coordinators, a proxy elsewhere.</summary>
    private static void StartEntities(ActorSystem system, bool coordinator, string typeName, Func<string, Props> props, bool remember)
    {
        var sharding = ClusterSharding.Get(system);
        if (coordinator)
        {
            sharding.Start(typeName, props, ClusterShardingSettings.Create(system).WithRole(Coordinator).WithRememberEntities(remember),
                new EntityExtractor());
        }
        else
        {
            sharding.StartProxy(typeName, Coordinator, new EntityExtractor());
        }
    }

    /// <summary>
    /// A node that leaves (SIGTERM, <c>dream ctl leave</c>) first finishes the trials it runs, so that no
    /// measurement is cut short; then it leaves the cluster.
    /// </summary>
    private static void DrainOnLeave(ActorSystem system, IActorRef runner, TimeSpan timeout)
    {
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "drain-trial-runner", async () =>
        {
            try
            {
                await runner.Ask<Akka.Done>(new TrialRunner.Drain(), timeout);
            }
            catch (AskTimeoutException)
            {
                system.Log.Warning("the trial runner did not drain within {0}; leaving anyway", timeout);
            }
            return Akka.Done.Instance;
        });
    }

    private static async Task AwaitUp(Akka.Cluster.Cluster cluster, TimeSpan timeout, Config config)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // the seed nodes it tried, not its own address (the Java tree printed this node's address as "seed nodes")
            var seeds = config.GetStringList("akka.cluster.seed-nodes", []);
            throw new InfrastructureException($"could not join the cluster within {timeout.TotalSeconds:0} s (seed nodes: "
                + (seeds.Count == 0 ? "none configured" : string.Join(", ", seeds))
                + $"; this node is {cluster.SelfAddress}); is the seed node running and reachable?");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_management != null) await _management.DisposeAsync();
        await Terminate(System);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Leaves the cluster (the runner drains first) and stops, waiting at most 30 s.</summary>
    private static async Task Terminate(ActorSystem system)
    {
        try
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // shutting down anyway
        }
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
    }
}
