package dev.dream.cluster.run;

import dev.dream.cluster.trial.TrialDispatcher;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The generation in progress: fans the evaluation of its candidates out to CandidateEvaluators, scores
 * each as it is measured and hands the assessment to the coordinator; stops when all are in.
 */
final class GenerationActor {
  private GenerationActor() {}

  static Behavior<CandidateEvaluator.Measured> create(
      DomainState s, List<DomainState.Candidate> todo, ActorRef<DomainCoordinator.Command> coordinator,
      ActorRef<TrialRecorder.Command> recorder, ActorRef<TrialDispatcher.Command> dispatcher) {
    RunSpec run = s.run;
    String domain = s.domain;
    int generation = s.generation;
    var baselines = s.baselines;
    return Behaviors.setup(ctx -> {
      Set<String> waiting = new HashSet<>();
      for (DomainState.Candidate c : todo) {
        waiting.add(c.candId);
        ctx.spawn(
            CandidateEvaluator.create(run, domain, c.candId, c.genome, run.plan(domain).regimes(), c.results, recorder, dispatcher, ctx.getSelf()),
            c.candId);
      }
      return Behaviors.receiveMessage(m -> {
        DomainState.Candidate c = todo.stream().filter(x -> x.candId.equals(m.candId())).findFirst().orElseThrow();
        CandidateScoring.Scored scored =
            CandidateScoring.assess(run, domain, generation, c.candId, c.genome, m.results(), baselines, Instant.now());
        coordinator.tell(new DomainCoordinator.Assessed(generation, c.candId, scored.pack(), scored.score()));
        waiting.remove(m.candId());
        return waiting.isEmpty() ? Behaviors.stopped() : Behaviors.same();
      });
    });
  }
}
