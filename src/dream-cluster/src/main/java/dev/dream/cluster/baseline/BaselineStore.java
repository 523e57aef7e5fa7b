package dev.dream.cluster.baseline;

import dev.dream.cluster.CborSerializable;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.score.Baseline;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The baselines of one (domain, node class): recorded from the stock configuration, refreshed, retired.
 * Event-sourced, so that every baseline a run was compared with stays on record.
 */
public final class BaselineStore
    extends EventSourcedBehavior<BaselineStore.Command, BaselineStore.Event, BaselineStore.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "BaselineStore");

  public static String entityId(String domain, String nodeClass) {
    return domain + "~" + nodeClass;
  }

  /**
   * A baseline as stored: the scorer's view (means and trial values), the baselines.v2 record, and the
   * fingerprint of what was measured (regime workload and stock genome), so a changed regime is re-measured.
   */
  public record Stored(Baseline baseline, BaselineRecord record, String fingerprint) implements CborSerializable {
    public boolean freshFor(String fp, Duration maxAge, Instant now) {
      return fingerprint.equals(fp) && record.timestamp().plus(maxAge).isAfter(now);
    }
  }

  public sealed interface Command extends CborSerializable {}

  public record GetAll(ActorRef<All> replyTo) implements Command {}

  public record Record(List<Stored> baselines, ActorRef<Done> replyTo) implements Command {}

  /** Forget every current baseline, so the next run measures anew. */
  public record Retire(String reason, ActorRef<Done> replyTo) implements Command {}

  public record All(Map<String, Stored> byRegime) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record Recorded(Stored stored) implements Event {}

  public record Retired(String reason, String atUtc) implements Event {}

  public static final class State implements CborSerializable {
    public Map<String, Stored> byRegime = new LinkedHashMap<>();
  }

  public static Behavior<Command> create(String entityId) {
    return new BaselineStore(PersistenceId.of(TYPE_KEY.name(), entityId));
  }

  private BaselineStore(PersistenceId id) {
    super(id);
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(GetAll.class, (s, c) -> Effect().none().thenRun(st -> c.replyTo().tell(new All(Map.copyOf(st.byRegime)))))
        .onCommand(Record.class, (s, c) -> Effect().persist(c.baselines().stream().<Event>map(Recorded::new).toList())
            .thenRun(st -> c.replyTo().tell(Done.getInstance())))
        .onCommand(Retire.class, (s, c) -> Effect().persist(new Retired(c.reason(), Instant.now().toString()))
            .thenRun(st -> c.replyTo().tell(Done.getInstance())))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Recorded.class, (s, e) -> {
          s.byRegime.put(e.stored().record().regime(), e.stored());
          return s;
        })
        .onEvent(Retired.class, (s, e) -> {
          s.byRegime.clear();
          return s;
        })
        .build();
  }
}
