package dev.dream.cluster.run;

import dev.dream.cluster.baseline.BaselineStore;
import dev.dream.cluster.trial.TrialDispatcher;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.score.Baseline;
import dev.dream.trials.TrialResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Fixes the baselines of a run's domain: takes fresh ones from the BaselineStore, measures the stock
 * configuration with the run's own trial count for every regime that has none, records those, and hands
 * the coordinator one baseline per regime.
 */
final class BaselinePhase {
  private BaselinePhase() {}

  sealed interface Msg {}

  private record FromStore(BaselineStore.All all) implements Msg {}

  private record StoreFailed(Throwable error) implements Msg {}

  private record Measured(CandidateEvaluator.Measured measured) implements Msg {}

  private record Stored() implements Msg {}

  static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

  static Behavior<Msg> create(
      DomainState s, ActorRef<DomainCoordinator.Command> coordinator, ActorRef<TrialRecorder.Command> recorder,
      ActorRef<TrialDispatcher.Command> dispatcher, RecipientRef<BaselineStore.Command> store) {
    RunSpec run = s.run;
    String domain = s.domain;
    RunSpec.DomainPlan plan = s.plan();
    Genome stock = stockGenome(plan);
    Map<String, TrialResult> recorded = Map.copyOf(s.baselineTrials);
    return Behaviors.setup(ctx -> {
      ctx.ask(BaselineStore.All.class, store, STORE_TIMEOUT, BaselineStore.GetAll::new,
          (all, err) -> all != null ? new FromStore(all) : new StoreFailed(err));
      Map<String, Baseline> baselines = new LinkedHashMap<>();
      Map<String, BaselineRecord> records = new LinkedHashMap<>();
      return Behaviors.receive(Msg.class)
          .onMessage(StoreFailed.class, f -> {
            coordinator.tell(new DomainCoordinator.PhaseFailed("baseline store unavailable: " + f.error()));
            return Behaviors.stopped();
          })
          .onMessage(FromStore.class, f -> {
            Duration maxAge = ctx.getSystem().settings().config().getDuration("dream.baselines.max-age");
            List<RegimeSpec> missing = new ArrayList<>();
            for (RegimeSpec regime : plan.regimes()) {
              BaselineStore.Stored stored = f.all().byRegime().get(regime.name());
              if (stored != null && stored.freshFor(fingerprint(plan, regime, stock), maxAge, Instant.now())) {
                baselines.put(regime.name(), stored.baseline());
                records.put(regime.name(), stored.record());
              } else {
                missing.add(regime);
              }
            }
            if (missing.isEmpty()) {
              coordinator.tell(new DomainCoordinator.BaselinesReady(baselines, records));
              return Behaviors.stopped();
            }
            ActorRef<CandidateEvaluator.Measured> reply = ctx.messageAdapter(CandidateEvaluator.Measured.class, Measured::new);
            ctx.spawn(CandidateEvaluator.create(run, domain, DomainState.BASELINE, stock, missing, recorded, recorder, dispatcher, reply), "measure");
            return Behaviors.same();
          })
          .onMessage(Measured.class, m -> {
            List<BaselineStore.Stored> fresh = new ArrayList<>();
            for (RegimeSpec regime : plan.regimes()) {
              if (baselines.containsKey(regime.name())) continue;
              BaselineMeasurement.Result r = BaselineMeasurement.of(run, domain, regime, stock, m.measured().results(), Instant.now());
              if (r.error() != null) {
                coordinator.tell(new DomainCoordinator.PhaseFailed(r.error()));
                return Behaviors.stopped();
              }
              baselines.put(regime.name(), r.baseline());
              records.put(regime.name(), r.record());
              fresh.add(new BaselineStore.Stored(r.baseline(), r.record(), fingerprint(plan, regime, stock)));
            }
            ctx.ask(Done.class, store, STORE_TIMEOUT, replyTo -> new BaselineStore.Record(fresh, replyTo), (d, err) -> {
              if (err != null) ctx.getLog().warn("baselines measured but not stored for later runs: {}", err.toString());
              return new Stored();
            });
            return Behaviors.same();
          })
          .onMessage(Stored.class, st -> {
            coordinator.tell(new DomainCoordinator.BaselinesReady(baselines, records));
            return Behaviors.stopped();
          })
          .build();
    });
  }

  /** The stock configuration: declared defaults; knobs without one are left as found on the node. */
  static Genome stockGenome(RunSpec.DomainPlan plan) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Knob k : plan.domain().knobs()) if (k.stock() != null) values.put(k.name(), k.stock());
    return new Genome(values);
  }

  static String fingerprint(RunSpec.DomainPlan plan, RegimeSpec regime, Genome stock) {
    return dev.dream.cluster.Hashing.sha256(regime.toString() + "|" + stock.key() + "|" + plan.execution().trials());
  }
}
