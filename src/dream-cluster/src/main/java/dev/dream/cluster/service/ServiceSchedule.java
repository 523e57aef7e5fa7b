package dev.dream.cluster.service;

import dev.dream.cluster.CborSerializable;
import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.SchedulePolicy;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The continuous-campaign schedule of one domain ({@code dream service}), kept in the journal so that a
 * restarted service knows which campaign was running (and resumes it) and when the next one is due. One
 * sharded entity per domain: a cluster has one schedule per domain, however many service processes run.
 *
 * <p>The service process asks it, runs the campaigns and reports back; the entity decides nothing on its own
 * clock. Each event carries the times that were computed for it, so a replay gives the same plan.
 */
public final class ServiceSchedule extends EventSourcedBehavior<ServiceSchedule.Command, ServiceSchedule.Event, ServiceSchedule.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ServiceSchedule");

  public static PersistenceId persistenceId(String domain) {
    return PersistenceId.of(TYPE_KEY.name(), domain);
  }

  /** Registers the entity type on this node (the service process hosts the schedules it drives). */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system) {
    return ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ec -> create(ec.getEntityId()))
        .withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
  }

  public sealed interface Command extends CborSerializable {}

  public record Get(ActorRef<State> replyTo) implements Command {}

  /**
   * Campaign {@code runId}, planned for {@code planned}, has started; ignored while another campaign is active.
   * The reply's {@code active} says which one runs.
   */
  public record Begin(String runId, Instant planned, Instant at, ActorRef<State> replyTo) implements Command {}

  /** The active campaign {@code runId} ended with {@code outcome}; the next is planned {@code every} after it was. */
  public record Finish(String runId, String outcome, Instant at, Duration every, ActorRef<State> replyTo) implements Command {}

  /**
   * Campaign {@code runId} failed, or (runId null) no campaign could be started: the next try waits for the
   * backoff. Ignored when it names a campaign other than the active one.
   */
  public record Fail(String runId, String reason, Instant at, Backoff backoff, ActorRef<State> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record CampaignBegun(String runId, Instant planned, Instant at) implements Event {}

  public record CampaignEnded(String runId, String outcome, Instant at, Duration every, Instant nextDue, long missedSlots) implements Event {}

  public record CampaignFailed(String runId, String reason, Instant at, int failuresInARow, Instant retryAt) implements Event {}

  /** The campaign in progress: started at {@code startedAt} for the slot {@code planned}. */
  public record Active(String runId, Instant planned, Instant startedAt) implements CborSerializable {}

  /**
   * {@code nextDue} null: never ran, due now. {@code lastPlanned}, {@code every}: the slot and interval of the last
   * successful campaign, from which a changed interval re-plans.
   */
  public record State(
      Active active, Instant nextDue, Instant lastPlanned, Instant lastEndedAt, Duration every, int failuresInARow,
      long campaigns, String lastRunId, String lastOutcome)
      implements CborSerializable {
    static final State EMPTY = new State(null, null, null, null, null, 0, 0, null, null);

    /**
     * When the next campaign should start under interval {@code every}: now if none ever ran; the retry time
     * after a failure; else the planned slot, re-planned on the grid of the last campaign when the interval
     * changed since (so a shorter interval applies at once, not after the old one has elapsed).
     */
    public Instant dueWith(Duration every, Instant now) {
      if (nextDue == null) return now;
      if (failuresInARow > 0 || this.every == null || this.every.equals(every)) return nextDue;
      return SchedulePolicy.nextAfterSuccess(lastPlanned, lastEndedAt, every);
    }

    State apply(Event e) {
      if (e instanceof CampaignBegun b) {
        return new State(new Active(b.runId(), b.planned(), b.at()), nextDue, lastPlanned, lastEndedAt, every, failuresInARow,
            campaigns, lastRunId, lastOutcome);
      }
      if (e instanceof CampaignEnded x) {
        return new State(null, x.nextDue(), active.planned(), x.at(), x.every(), 0, campaigns + 1, x.runId(), x.outcome());
      }
      CampaignFailed f = (CampaignFailed) e;
      return new State(null, f.retryAt(), lastPlanned, lastEndedAt, every, f.failuresInARow(), campaigns,
          f.runId() != null ? f.runId() : lastRunId, "failed: " + f.reason());
    }
  }

  public static Behavior<Command> create(String domain) {
    return new ServiceSchedule(persistenceId(domain));
  }

  private ServiceSchedule(PersistenceId id) {
    super(id);
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Two events per campaign, forever: snapshots keep recovery short for a service that runs for years.
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().none().thenRun(st -> c.replyTo().tell(st)))
        .onCommand(Begin.class, this::onBegin)
        .onCommand(Finish.class, this::onFinish)
        .onCommand(Fail.class, this::onFail)
        .build();
  }

  private Effect<Event, State> onBegin(State s, Begin c) {
    if (s.active() != null) return Effect().none().thenRun(st -> c.replyTo().tell(st));
    return Effect().persist(new CampaignBegun(c.runId(), c.planned(), c.at())).thenRun(st -> c.replyTo().tell(st));
  }

  private Effect<Event, State> onFinish(State s, Finish c) {
    if (s.active() == null || !s.active().runId().equals(c.runId())) return Effect().none().thenRun(st -> c.replyTo().tell(st));
    Instant planned = s.active().planned();
    return Effect()
        .persist(new CampaignEnded(c.runId(), c.outcome(), c.at(), c.every(), SchedulePolicy.nextAfterSuccess(planned, c.at(), c.every()),
            SchedulePolicy.missedSlots(planned, c.at(), c.every())))
        .thenRun(st -> c.replyTo().tell(st));
  }

  private Effect<Event, State> onFail(State s, Fail c) {
    boolean applies = c.runId() == null ? s.active() == null : s.active() != null && s.active().runId().equals(c.runId());
    if (!applies) return Effect().none().thenRun(st -> c.replyTo().tell(st));
    int failures = s.failuresInARow() + 1;
    return Effect()
        .persist(new CampaignFailed(c.runId(), c.reason(), c.at(), failures, c.at().plus(SchedulePolicy.retryDelay(failures, c.backoff()))))
        .thenRun(st -> c.replyTo().tell(st));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
