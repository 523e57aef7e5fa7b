package dev.dream.trials.sim;

import dev.dream.core.domain.Genome;
import dev.dream.core.domain.Knob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The {@code sim} workload's KPIs as a pure function of the candidate (DESIGN.md section 3, contract).
 *
 * <p>Each knob named in the optimum gives z_k = (x_k − optimum_k) / (max_k − min_k), where a choice knob's x
 * is its index in the choices and a bool's is 0 (false) or 1 (true), so their ranges are choices − 1 and 1.
 * A knob whose range is empty (one choice, min = max) cannot move and gives z = 0.
 * Then perf = 1000/(1+f)·e^ε, p95_ms = 5(1+f)·e^ε′, watts = 50(1+f/4)·e^ε″ with ε, ε′, ε″ drawn in that
 * order from {@link SimNoise#stream}, each Normal(0, noise).
 */
public final class SimFunction {
  private SimFunction() {}

  public static SimKpis kpis(
      SimParams params, List<Knob> knobs, Genome genome, long runSeed, String regime, int trial) {
    double f = params.function().value(z(knobs, genome, params.optimum()));
    UniformRandomProvider rng = SimNoise.stream(runSeed, genome, regime, trial);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    double e1 = params.noise() * gauss.sample();
    double e2 = params.noise() * gauss.sample();
    double e3 = params.noise() * gauss.sample();
    return new SimKpis(
        f, 1000.0 / (1 + f) * Math.exp(e1), 5.0 * (1 + f) * Math.exp(e2), 50.0 * (1 + f / 4) * Math.exp(e3));
  }

  /** The scaled distances from the optimum, in the domain's knob order. */
  public static double[] z(List<Knob> knobs, Genome genome, Map<String, Object> optimum) {
    for (String name : optimum.keySet()) {
      if (knobs.stream().noneMatch(k -> k.name().equals(name))) {
        throw new IllegalArgumentException("sim optimum names knob " + name + ", which the domain does not define");
      }
    }
    List<Double> zs = new ArrayList<>();
    for (Knob k : knobs) {
      if (!optimum.containsKey(k.name())) continue;
      Object value = genome.get(k.name());
      if (value == null) throw new IllegalArgumentException("candidate has no value for knob " + k.name());
      double range = range(k);
      double d = position(k, value) - position(k, optimum.get(k.name()));
      zs.add(range == 0 ? 0.0 : d / range);
    }
    return zs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** x of a knob value: the number itself, a choice's index, a bool's 0 or 1. */
  public static double position(Knob knob, Object value) {
    if (knob instanceof Knob.ChoiceKnob c) {
      if (value instanceof Number n) return n.doubleValue();
      int i = c.choices().indexOf(String.valueOf(value));
      if (i < 0) throw new IllegalArgumentException("knob " + knob.name() + " has no choice " + value);
      return i;
    }
    if (knob instanceof Knob.BoolKnob) {
      if (value instanceof Boolean b) return b ? 1 : 0;
      if (value instanceof Number n) return n.doubleValue();
      throw new IllegalArgumentException("knob " + knob.name() + " needs true or false, got " + value);
    }
    if (value instanceof Number n) return n.doubleValue();
    throw new IllegalArgumentException("knob " + knob.name() + " needs a number, got " + value);
  }

  public static double range(Knob knob) {
    if (knob instanceof Knob.IntKnob i) return i.max() - i.min();
    if (knob instanceof Knob.FloatKnob f) return f.max() - f.min();
    if (knob instanceof Knob.ChoiceKnob c) return c.choices().size() - 1;
    return 1; // bool
  }
}
