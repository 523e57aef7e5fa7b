package dev.dream.cluster.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.RootActorPath;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/**
 * Which entities of a sharded type are alive right now, and where: asks the shard region of every member
 * with the given role for its state. Nothing is started by asking (unlike a message to an entity).
 */
final class ShardedEntities {
  private ShardedEntities() {}

  /** Entity id → address of the node hosting it; {@code complete} is false when some region did not answer. */
  record Alive(Map<String, String> where, boolean complete) {}

  static CompletionStage<Alive> alive(ActorSystem<?> system, String typeName, String role, Duration timeout) {
    Map<String, String> where = new ConcurrentHashMap<>();
    AtomicBoolean complete = new AtomicBoolean(true);
    List<CompletableFuture<?>> asks = new ArrayList<>();
    for (Member m : Cluster.get(system).state().getMembers()) {
      MemberStatus s = m.status();
      if (!m.hasRole(role) || !(s == MemberStatus.up() || s == MemberStatus.weaklyUp() || s == MemberStatus.leaving())) continue;
      ActorSelection region = system.classicSystem().actorSelection(
          RootActorPath.apply(m.address(), "/").child("system").child("sharding").child(typeName));
      asks.add(Patterns.ask(region, ShardRegion.getShardRegionStateInstance(), timeout).toCompletableFuture()
          .handle((reply, failure) -> {
            if (reply instanceof ShardRegion.CurrentShardRegionState state) {
              for (ShardRegion.ShardState shard : state.getShards()) {
                for (String id : shard.getEntityIds()) where.put(id, m.address().toString());
              }
              if (!state.getFailed().isEmpty()) complete.set(false);
            } else {
              complete.set(false);
            }
            return null;
          }));
    }
    return CompletableFuture.allOf(asks.toArray(new CompletableFuture[0])).thenApply(v -> new Alive(Map.copyOf(where), complete.get()));
  }
}
