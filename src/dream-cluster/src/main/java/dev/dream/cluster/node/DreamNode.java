package dev.dream.cluster.node;

import com.typesafe.config.Config;
import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.http.Management;
import dev.dream.cluster.http.NodeServices;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.cluster.trial.TrialRunner;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.LoggerFactory;

/**
 * This process as a Pekko Cluster node: checks the journal, joins (or forms) the cluster, and starts its
 * share of Dream — the sharded coordinators and baseline stores, the TrialDispatcher singleton and, with
 * the runner role, this node's TrialRunner.
 */
public final class DreamNode implements AutoCloseable {
  public static final String COORDINATOR = "coordinator";
  public static final String RUNNER = "runner";

  private final ActorSystem<Void> system;
  private final ActorRef<TrialDispatcher.Command> dispatcher;
  private final String nodeClass;

  private final Optional<URI> management;

  private DreamNode(ActorSystem<Void> system, ActorRef<TrialDispatcher.Command> dispatcher, String nodeClass, Optional<URI> management) {
    this.system = system;
    this.dispatcher = dispatcher;
    this.nodeClass = nodeClass;
    this.management = management;
  }

  /** A setting that cannot work, e.g. a multi-node coordinator on a per-node H2 journal: exit status 2. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  public static DreamNode start(NodeSettings s) throws InfrastructureException, Refused {
    Config config = NodeConfig.build(s, System.getenv());
    TlsCheck.check(config);
    String dbUrl = config.getString("dream.db.url");
    boolean coordinator = s.roles().contains(COORDINATOR);
    if (coordinator && s.clustered() && dbUrl.startsWith("jdbc:h2:")) {
      throw new Refused("a coordinator of a multi-node cluster needs the shared PostgreSQL journal, not this node's own H2 file: "
          + "set DREAM_DB_URL=jdbc:postgresql://HOST:PORT/DB?user=U (or --hocon hocon/postgres.conf) on every coordinator node, "
          + "or give this node only the runner role (--roles runner)");
    }
    // A runner-only node keeps no journal: its trials are recorded by the coordinators.
    if (coordinator) JournalSchema.ensure(dbUrl, config.getString("dream.db.user"), config.getString("dream.db.password"));
    // SLF4J binds its provider (logback, which reads its configuration) on the first call, and a thread that asks
    // for a logger while another one binds it gets a stand-in whose messages SLF4J replays afterwards, with a
    // warning on stderr. The actor system's first threads race like that (its Slf4jLogger against the typed
    // system adapter), so the binding is done here, on this thread, before there are any.
    LoggerFactory.getILoggerFactory();
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Behaviors.empty(), "Dream", config);
    } catch (RuntimeException e) {
      throw new InfrastructureException("cannot start the cluster node: " + e.getMessage(), e);
    }
    try {
      Cluster cluster = Cluster.get(system);
      if (s.join().isEmpty()) cluster.manager().tell(Join.create(cluster.selfMember().address()));
      awaitUp(cluster, Duration.ofSeconds(config.hasPath("dream.join-timeout") ? config.getDuration("dream.join-timeout").toSeconds() : 30));
      int slots = config.getInt("dream.runner.slots");
      ClusterSharding sharding = ClusterSharding.get(system);
      ActorRef<TrialDispatcher.Command> dispatcher =
          ClusterSingleton.get(system).init(
              SingletonActor.of(TrialDispatcher.create(slots, config.getDuration("dream.dispatcher.lease-grace")), "trial-dispatcher")
                  .withSettings(ClusterSingletonSettings.create(system).withRole(COORDINATOR)));
      int snapshotEvery = config.getInt("dream.snapshot-every");
      sharding.init(
          Entity.of(DomainCoordinator.TYPE_KEY, ec -> DomainCoordinator.create(ec, dispatcher, snapshotEvery))
              .withRole(COORDINATOR)
              .withSettings(ClusterShardingSettings.create(system).withRole(COORDINATOR).withRememberEntities(true)));
      sharding.init(
          Entity.of(BaselineStore.TYPE_KEY, ec -> BaselineStore.create(ec.getEntityId()))
              .withRole(COORDINATOR)
              .withSettings(ClusterShardingSettings.create(system).withRole(COORDINATOR).withRememberEntities(false)));
      sharding.init(
          Entity.of(RunRegistry.TYPE_KEY, ec -> RunRegistry.create(ec.getEntityId()))
              .withRole(COORDINATOR)
              .withSettings(ClusterShardingSettings.create(system).withRole(COORDINATOR).withRememberEntities(false)));
      if (s.roles().contains(RUNNER)) {
        ActorRef<TrialRunner.Command> runner =
            system.systemActorOf(TrialRunner.create(s.executor(), slots, s.nodeClass()), "trial-runner", Props.empty());
        drainOnLeave(system, runner, config.getDuration("dream.runner.drain-timeout"));
      }
      Optional<URI> management = Management.startIfEnabled(system, new NodeServices(dispatcher, s.nodeClass()));
      return new DreamNode(system, dispatcher, s.nodeClass(), management);
    } catch (InfrastructureException | RuntimeException e) {
      // Stopped before the error is reported, so that the journal's files are closed when the command
      // cleans up after it (a data directory it created is removed again).
      terminate(system);
      throw e;
    }
  }

  /**
   * A node that leaves (SIGTERM, {@code dream ctl leave}) first finishes the trials it runs, so that no
   * measurement is cut short; then it leaves the cluster.
   */
  private static void drainOnLeave(ActorSystem<Void> system, ActorRef<TrialRunner.Command> runner, Duration timeout) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "drain-trial-runner",
        () -> AskPattern.<TrialRunner.Command, Done>ask(runner, TrialRunner.Drain::new, timeout, system.scheduler()));
  }

  private static void awaitUp(Cluster cluster, Duration timeout) throws InfrastructureException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new InfrastructureException("could not join the cluster within " + timeout.toSeconds()
            + " s (seed nodes: " + cluster.selfMember().address() + " could not reach them); is the seed node running?");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InfrastructureException("interrupted while joining the cluster");
      }
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ClusterSharding sharding() {
    return ClusterSharding.get(system);
  }

  public ActorRef<TrialDispatcher.Command> dispatcher() {
    return dispatcher;
  }

  public String nodeClass() {
    return nodeClass;
  }

  /** The management endpoint (dream ctl --endpoint), when dream.management.enabled is on. */
  public Optional<URI> managementUri() {
    return management;
  }

  public String address() {
    return system.address().toString();
  }

  @Override
  public void close() {
    terminate(system);
  }

  private static void terminate(ActorSystem<Void> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
