package dev.dream.cluster.run;

import dev.dream.cluster.metrics.Metrics;
import dev.dream.trials.TrialResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Batches trial outcomes into the coordinator's journal: while one write is in flight, the next outcomes
 * wait here and go together in the next write. An evaluator counts a trial only once it is acknowledged,
 * so nothing it has used can be lost in a crash.
 */
final class TrialRecorder {
  sealed interface Command {}

  record Record(TrialResult result, ActorRef<Recorded> replyTo) implements Command {}

  record Recorded(String trialId) {}

  private record Written() implements Command {}

  private record Waiting(TrialResult result, ActorRef<Recorded> replyTo) {}

  static Behavior<Command> create(ActorRef<DomainCoordinator.Command> coordinator) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Done> ack = ctx.messageAdapter(Done.class, d -> new Written());
          return new TrialRecorder(coordinator, ack, Metrics.get(ctx.getSystem())).idle();
        });
  }

  private final ActorRef<DomainCoordinator.Command> coordinator;
  private final ActorRef<Done> ack;
  private List<Waiting> buffer = new ArrayList<>();
  private List<Waiting> inFlight = List.of();
  private final Metrics metrics;
  private long writeStartedNanos;

  private TrialRecorder(ActorRef<DomainCoordinator.Command> coordinator, ActorRef<Done> ack, Metrics metrics) {
    this.coordinator = coordinator;
    this.ack = ack;
    this.metrics = metrics;
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(Record.class, r -> {
          buffer.add(new Waiting(r.result(), r.replyTo()));
          return flush();
        })
        .onMessage(Written.class, w -> {
          metrics.journalWrite(System.nanoTime() - writeStartedNanos);
          for (Waiting wt : inFlight) wt.replyTo().tell(new Recorded(wt.result().trialId()));
          inFlight = List.of();
          return flush();
        })
        .build();
  }

  private Behavior<Command> flush() {
    if (inFlight.isEmpty() && !buffer.isEmpty()) {
      inFlight = buffer;
      buffer = new ArrayList<>();
      writeStartedNanos = System.nanoTime();
      coordinator.tell(new DomainCoordinator.PersistTrials(inFlight.stream().map(Waiting::result).toList(), ack));
    }
    return Behaviors.same();
  }
}
