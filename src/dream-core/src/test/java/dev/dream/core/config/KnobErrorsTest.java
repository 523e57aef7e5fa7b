package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken knobs in a domain file. Each test writes the knobs block below "domain: toy" and "knobs:" (lines 1
 * and 2), so the first knob starts on line 3.
 */
class KnobErrorsTest {
  static final String FILE = "config/domains/toy.yaml";
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  @Test
  void unknownKeySuggestsTheClosestKnownKey() {
    f.toyKnobs("""
          threads:
            type: int
            min: 1
            max: 8
            stpe: 1
            default: 2
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 5, "unknown key 'stpe' in knob 'threads'", "did you mean 'step'?");
  }

  @Test
  void keyOfAnotherKnobTypeSaysItDoesNotApply() {
    f.toyKnobs("""
          threads:
            type: int
            min: 1
            max: 8
            choices: [a, b]
            default: 2
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 5, "'choices' does not apply to int knob 'threads'", "choices belongs to choice knobs");
  }

  @Test
  void wrongTypeNamesWhatWasExpectedAndFound() {
    f.toyKnobs("""
          threads:
            type: int
            min: "1"
            max: 8
            default: 2
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 5, 10, "'min' of knob 'threads' must be a whole number, found the text \"1\"",
        "(no quotes: a quoted value is text)");
  }

  @Test
  void floatForAnIntKnobIsAWrongType() {
    f.toyKnobs("""
          threads: {type: int, min: 1, max: 8.5, default: 2, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 37, "'max' of knob 'threads' must be a whole number, found the number 8.5", "max: 64");
  }

  @Test
  void minAboveMax() {
    f.toyKnobs("""
          threads:
            type: int
            min: 8
            max: 1
            default: 2
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 5, 10, "min 8 of knob 'threads' is greater than max 1", "swap them");
  }

  @Test
  void minEqualToMaxLeavesNothingToTune() {
    f.toyKnobs("""
          util: {type: float, min: 0.5, max: 0.5, default: 0.5, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 28, "min 0.5 of knob 'util' equals max", "cannot be tuned");
  }

  @Test
  void stepMustBePositive() {
    f.toyKnobs("""
          threads:
            type: int
            min: 1
            max: 8
            step: 0
            default: 2
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 11, "step 0 of knob 'threads' must be at least 1", "step: 1");
  }

  @Test
  void floatStepMustBePositive() {
    f.toyKnobs("""
          util: {type: float, min: 0.25, max: 1.0, step: -0.25, default: 0.5, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 50, "step -0.25 of knob 'util' must be above 0", "remove step for a continuous knob");
  }

  @Test
  void intStepThatDoesNotDivideTheRangeSaysWhichValuesAreValid() {
    ConfigProblem p = f.toyKnobs("""
          threads:
            type: int
            min: 0
            max: 12
            step: 5
            default: 5
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 11, "step 5 of knob 'threads' does not divide max - min = 12, so max 12 cannot be "
        + "reached from min 0", "the grid from min is 0, 5, 10, ...: set max: 10 or max: 15");
    ConfigFixture.assertProblem(p, FILE, 7, 11, "", "or use a step that divides 12 (1, 2, 3, 4, 6, 12)");
  }

  @Test
  void floatStepThatDoesNotDivideTheRangeSaysWhichValuesAreValid() {
    f.toyKnobs("""
          util: {type: float, min: 0.25, max: 1.0, step: 0.3, default: 0.25, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 50, "step 0.3 of knob 'util' does not divide max - min = 0.75",
        "the grid from min is 0.25, 0.55, 0.85, ...: set max: 0.85 or max: 1.15");
  }

  @Test
  void floatStepDividingUpToRoundingIsAccepted() throws Exception {
    f.toyKnobs("""
          util: {type: float, min: 0.1, max: 0.7, step: 0.1, default: 0.3, actuator: {kind: workload-arg}}
        """);
    ConfigLoader.load(f.dir);
  }

  @Test
  void logScaleNeedsAPositiveMin() {
    f.toyKnobs("""
          rate:
            type: float
            min: 0
            max: 10
            scale: log
            default: 1
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 12, "scale: log needs min > 0 for float knob 'rate' (min is 0)", "raise min above 0");
  }

  @Test
  void intLogScaleNeedsMinOfAtLeastOne() {
    f.toyKnobs("""
          batch: {type: int, min: 0, max: 256, scale: log, default: 16, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 47, "scale: log needs min >= 1 for int knob 'batch' (min is 0)", "raise min to 1");
  }

  @Test
  void unknownScale() {
    f.toyKnobs("""
          batch: {type: int, min: 1, max: 256, scale: logarithmic, default: 16, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 47, "unknown scale 'logarithmic' in knob 'batch'", "write scale: log");
  }

  @Test
  void emptyChoices() {
    f.toyKnobs("""
          mode: {type: choice, choices: [], default: a, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 33, "knob 'mode' has no choices; a knob needs at least two", "list its values");
  }

  @Test
  void duplicateChoiceIsReportedAtTheRepeat() {
    f.toyKnobs("""
          mode:
            type: choice
            choices: [fast, slow, fast]
            default: fast
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 5, 27, "choice 'fast' of knob 'mode' is listed twice", "remove the repeat");
  }

  @Test
  void defaultOutsideTheRange() {
    f.toyKnobs("""
          threads:
            type: int
            min: 1
            max: 8
            default: 16
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 7, 14, "knob 'threads': default 16 is outside its range 1..8", "from 1 to 8");
  }

  @Test
  void defaultOffTheGridSaysTheNearestValidValues() {
    f.toyKnobs("""
          threads:
            type: int
            min: 0
            max: 20
            step: 5
            default: 7
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 8, 14, "knob 'threads': default 7 is not on its grid 0, 5, 10, ... (steps of 5 from min)", "e.g. 5 or 10");
  }

  @Test
  void floatDefaultOffTheGrid() {
    f.toyKnobs("""
          util: {type: float, min: 0.25, max: 1.0, step: 0.25, default: 0.6, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 65, "knob 'util': default 0.6 is not on its grid 0.25, 0.5, 0.75, ...",
        "e.g. 0.5 or 0.75");
  }

  @Test
  void defaultThatIsNotAChoice() {
    f.toyKnobs("""
          mode:
            type: choice
            choices: [fast, slow]
            default: fsat
            actuator: {kind: workload-arg}
        """).onlyProblem(FILE, 6, 14, "knob 'mode': default 'fsat' is not one of its choices", "did you mean 'fast'?");
  }

  @Test
  void boolDefaultMustBeABoolean() {
    f.toyKnobs("""
          fast: {type: bool, default: maybe, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 31, "knob 'fast': default must be true or false, found the text \"maybe\"", "true or false");
  }

  @Test
  void unknownKnobType() {
    f.toyKnobs("""
          threads: {type: integer, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 19, "unknown knob type 'integer' for knob 'threads'", "valid types: int, float, choice, bool");
  }

  @Test
  void missingRequiredKeyIsReportedAtTheKnob() {
    f.toyKnobs("""
          threads: {min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 3, "knob 'threads' is missing 'type'", "add type: int");
  }

  @Test
  void invalidKnobName() {
    f.toyKnobs("""
          max threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
        """).onlyProblem(FILE, 3, 3, "'max threads' is not a valid knob name", "letters, digits and '_'");
  }
}
