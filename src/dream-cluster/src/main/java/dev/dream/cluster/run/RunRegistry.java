package dev.dream.cluster.run;

import dev.dream.cluster.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One per run: records the run's spec once, so that {@code --resume RUN_ID} finds every setting and the
 * parsed configuration in the journal. Asking for an unknown run writes nothing.
 */
public final class RunRegistry extends EventSourcedBehavior<RunRegistry.Command, RunRegistry.Created, RunRegistry.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Run");

  public static PersistenceId persistenceId(String runId) {
    return PersistenceId.of(TYPE_KEY.name(), runId);
  }

  public sealed interface Command extends CborSerializable {}

  public record Create(RunSpec spec, ActorRef<StatusReply<RunSpec>> replyTo) implements Command {}

  /** Answers with the recorded spec, or an error reply when the run is unknown. */
  public record Get(ActorRef<StatusReply<RunSpec>> replyTo) implements Command {}

  public record Created(RunSpec spec) implements CborSerializable {}

  public record State(RunSpec spec) implements CborSerializable {}

  public static Behavior<Command> create(String runId) {
    return new RunRegistry(persistenceId(runId));
  }

  private RunRegistry(PersistenceId id) {
    super(id);
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandler<Command, Created, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Create.class, (s, c) -> s.spec() != null
            ? Effect().none().thenRun(st -> c.replyTo().tell(StatusReply.success(st.spec())))
            : Effect().persist(new Created(c.spec())).thenRun(st -> c.replyTo().tell(StatusReply.success(st.spec()))))
        .onCommand(Get.class, (s, c) -> Effect().none().thenRun(st -> c.replyTo().tell(
            st.spec() == null ? StatusReply.error("unknown run") : StatusReply.success(st.spec()))))
        .build();
  }

  @Override
  public EventHandler<State, Created> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> new State(e.spec()));
  }
}
