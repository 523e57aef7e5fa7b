package dev.dream.core.evolution;

import dev.dream.core.domain.Genome;
import dev.dream.core.knob.KnobSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.analysis.MultivariateFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;

/**
 * One proposal of the "cmaes" strategy. {@link CMAESOptimizer} is closed-loop (it calls the objective
 * and decides by itself), so asking it for generation G means running it again from scratch:
 *
 * <ol>
 *   <li>Its random stream is derived from (seed, domain, restart), never from a global generator.
 *   <li>Evaluation i (counted over candidates only, across restarts) is candidate i of the flattened
 *       history, generation i / lambda, slot i % lambda: the objective answers with that slot's
 *       recorded score, negated since CMA-ES minimizes. Mapping by index, not by point, makes the replay
 *       exact. When a point's genome was first proposed by an earlier slot of its generation (see
 *       {@link GenerationSlots}), the answer is that slot's score.
 *   <li>An unsafe slot (null score) answers a penalty worse than every safe score of generations 0..t:
 *       worst + max(spread, 1e-6). It looks only at generations up to its own, so answers for old
 *       generations never change as history grows, and neither do the points that followed them.
 *   <li>The next lambda evaluations are generation G: their points are recorded and answered with a
 *       dummy 0. That cannot move them: Hipparchus 4.0.1 draws the whole generation's Gaussian matrix
 *       (arz = randn1(dimension, lambda)) before the evaluation loop, and each point is
 *       xmean + sigma * BD * arz[k]; with checkFeasableCount 0 no column is redrawn. The first
 *       evaluation after the batch throws {@link BatchReady}, which the optimizer does not catch (it
 *       only catches MathIllegalStateException).
 *   <li>The start point of each run is evaluated once before the first generation; it is not a
 *       candidate and answers Double.MAX_VALUE ("unknown"), so it never becomes CMA-ES's best.
 *   <li>If the optimizer stops on its own termination criteria (tolerances, condition number) before
 *       generation G, it is restarted: restart r uses the stream (seed, domain, "cmaes", r), starts from
 *       a uniform point of the stream (seed, domain, "cmaes-start", r) (restart 0 from the centre of the
 *       cube) with sigma 0.3, and goes on with the next evaluation index. A restart only ever happens at
 *       a generation boundary, so Dream generations and CMA-ES generations stay aligned.
 * </ol>
 */
final class CmaesReplay {
  /** Initial step size in unit space: the customary 0.3 of the range. */
  static final double INITIAL_SIGMA = 0.3;

  private static final int MAX_ITERATIONS = 100_000;
  private static final double START_VALUE = Double.MAX_VALUE;

  record Result(List<Genome> proposal, int restarts) {}

  /** Stops the optimizer once the batch is recorded; no stack trace, it is control flow. */
  private static final class BatchReady extends RuntimeException {
    BatchReady() {
      super("batch recorded", null, false, false);
    }
  }

  private final KnobSpace space;
  private final int lambda;
  private final long seed;
  private final String domain;
  private final List<List<Scored>> history;
  private final int recorded;
  private final Double[] penalties;
  private final List<Genome> proposal = new ArrayList<>();
  private int evaluation;
  private GenerationSlots slots;

  CmaesReplay(KnobSpace space, int lambda, long seed, String domain, List<List<Scored>> history) {
    this.space = space;
    this.lambda = lambda;
    this.seed = seed;
    this.domain = domain;
    this.history = history;
    this.recorded = history.size() * lambda;
    this.penalties = new Double[history.size()];
  }

  Result run() {
    int d = space.dimension();
    double[] sigma = new double[d];
    Arrays.fill(sigma, INITIAL_SIGMA);
    double[] upper = new double[d];
    Arrays.fill(upper, 1.0);
    for (int restart = 0; ; restart++) {
      CMAESOptimizer optimizer = new CMAESOptimizer(MAX_ITERATIONS, 0, true, 0, 0,
          new HipparchusRandom(GenerationRandom.derive(seed, domain, "cmaes", restart)), false, null);
      try {
        optimizer.optimize(
            new MaxEval(Integer.MAX_VALUE),
            MaxIter.unlimited(),
            new ObjectiveFunction(new Objective()),
            GoalType.MINIMIZE,
            new InitialGuess(start(restart)),
            new SimpleBounds(new double[d], upper),
            new CMAESOptimizer.Sigma(sigma),
            new CMAESOptimizer.PopulationSize(lambda));
      } catch (BatchReady ready) {
        return new Result(List.copyOf(proposal), restart);
      }
      // A normal return after the batch was recorded stopped on the dummies: the batch stands.
      if (proposal.size() == lambda) return new Result(List.copyOf(proposal), restart);
    }
  }

  private double[] start(int restart) {
    double[] centre = new double[space.dimension()];
    Arrays.fill(centre, 0.5);
    return restart == 0 ? centre : space.randomPoint(GenerationRandom.derive(seed, domain, "cmaes-start", restart));
  }

  /** The objective of one optimizer run: recorded scores, then the batch, then stop. */
  private final class Objective implements MultivariateFunction {
    private boolean startSeen;

    @Override
    public double value(double[] point) {
      if (!startSeen) {
        startSeen = true;
        return START_VALUE;
      }
      if (evaluation >= recorded + lambda) throw new BatchReady();
      int t = evaluation / lambda;
      int k = evaluation % lambda;
      if (k == 0) slots = new GenerationSlots(space, GenerationRandom.stream(seed, domain, t));
      GenerationSlots.Slot slot = slots.place(point);
      evaluation++;
      if (t == history.size()) {
        proposal.add(slot.genome());
        return 0.0;
      }
      Scored measured = history.get(t).get(k);
      if (!measured.genome().equals(slot.genome())) {
        throw new IllegalStateException("cmaes replay diverged at generation " + t + " candidate " + k
            + ": the history has " + measured.genome().key() + " where the replay proposes "
            + slot.genome().key() + " (different seed, domain, space or library version?)");
      }
      Double score = history.get(t).get(slot.source()).score();
      return score != null ? -score : penalty(t);
    }
  }

  private double penalty(int t) {
    if (penalties[t] == null) {
      double best = Double.POSITIVE_INFINITY;
      double worst = Double.NEGATIVE_INFINITY;
      for (int g = 0; g <= t; g++) {
        for (Scored s : history.get(g)) {
          if (s.safe()) {
            best = Math.min(best, -s.score());
            worst = Math.max(worst, -s.score());
          }
        }
      }
      penalties[t] = worst == Double.NEGATIVE_INFINITY ? 0.0 : worst + Math.max(worst - best, 1e-6);
    }
    return penalties[t];
  }
}
