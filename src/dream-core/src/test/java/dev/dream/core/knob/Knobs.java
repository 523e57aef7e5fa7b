package dev.dream.core.knob;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import java.util.List;

/** Short constructors for test knobs. */
public final class Knobs {
  private Knobs() {}

  private static final ActuatorSpec ARG = ActuatorSpec.workloadArg();

  public static Knob.IntKnob intKnob(String name, long min, long max, long step) {
    return new Knob.IntKnob(name, min, max, step, false, null, ARG);
  }

  public static Knob.IntKnob logInt(String name, long min, long max, long step) {
    return new Knob.IntKnob(name, min, max, step, true, null, ARG);
  }

  public static Knob.FloatKnob floatKnob(String name, double min, double max, Double step) {
    return new Knob.FloatKnob(name, min, max, step, false, null, ARG);
  }

  public static Knob.FloatKnob logFloat(String name, double min, double max, Double step) {
    return new Knob.FloatKnob(name, min, max, step, true, null, ARG);
  }

  public static Knob.ChoiceKnob choice(String name, String... choices) {
    return new Knob.ChoiceKnob(name, List.of(choices), null, ARG);
  }

  public static Knob.BoolKnob bool(String name) {
    return new Knob.BoolKnob(name, null, ARG);
  }
}
