package dev.dream.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * Actor systems for tests, built on Dream's own dream-defaults.conf (serialization bindings, the trial
 * dispatcher, Jackson modules) with the persistence testkit's in-memory journal in place of JDBC.
 */
public final class TestSystems {
  private TestSystems() {}

  private static Config defaults() {
    return ConfigFactory.parseResources("dream-defaults.conf");
  }

  /** A local (non-cluster) system for EventSourcedBehaviorTestKit, which checks serialization itself. */
  public static Config local() {
    return EventSourcedBehaviorTestKit.config()
        .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
        .withFallback(defaults())
        .resolve();
  }

  /** A local system without persistence, for actors that persist nothing. */
  public static Config plainLocal() {
    return ConfigFactory.parseString("pekko.actor.provider = local").withFallback(defaults()).resolve();
  }

  /**
   * A cluster node on loopback whose journal and snapshots are in memory and go through the real
   * serializers, so that whatever a coordinator recovers was written as CBOR, as on H2 or PostgreSQL.
   */
  public static Config clusterInMemory() {
    return PersistenceTestKitPlugin.config()
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.parseString("pekko.persistence.testkit.events.serialize = on\n"
            + "pekko.persistence.testkit.snapshots.serialize = on\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"))
        .withFallback(defaults())
        .resolve();
  }

  /** Forms a single-node cluster and waits until this node is Up. */
  public static void joinSelf(ActorTestKit kit) {
    Cluster cluster = Cluster.get(kit.system());
    TestProbe<SelfUp> up = kit.createTestProbe();
    cluster.subscriptions().tell(Subscribe.create(up.getRef(), SelfUp.class));
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    up.expectMessageClass(SelfUp.class, Duration.ofSeconds(20));
  }
}
