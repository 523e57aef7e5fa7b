package dev.dream.cluster.node;

import com.typesafe.config.Config;
import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.run.DomainCoordinator;
import dev.dream.cluster.run.RunRegistry;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.cluster.trial.TrialRunner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
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

  private DreamNode(ActorSystem<Void> system, ActorRef<TrialDispatcher.Command> dispatcher, String nodeClass) {
    this.system = system;
    this.dispatcher = dispatcher;
    this.nodeClass = nodeClass;
  }

  public static DreamNode start(NodeSettings s) throws InfrastructureException {
    Config config = NodeConfig.build(s, System.getenv());
    TlsCheck.check(config);
    JournalSchema.ensure(config.getString("dream.db.url"), config.getString("dream.db.user"), config.getString("dream.db.password"));
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
        system.systemActorOf(TrialRunner.create(s.executor(), slots, s.nodeClass()), "trial-runner", Props.empty());
      }
      return new DreamNode(system, dispatcher, s.nodeClass());
    } catch (InfrastructureException | RuntimeException e) {
      system.terminate();
      throw e;
    }
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

  public String address() {
    return system.address().toString();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
