namespace Dream.Core.Tests.Config;

/// <summary>
/// Broken knobs in a domain file. Each test writes the knobs block below "domain: toy" and "knobs:" (lines 1
/// and 2), so the first knob starts on line 3.
/// </summary>
public class KnobErrorsTests : TempDirTest
{
    private const string File = "config/domains/toy.yaml";
    private readonly ConfigFixture f;

    public KnobErrorsTests() => f = ConfigFixture.Valid(Tmp);

    private static string K(string raw) => ConfigFixture.Text(raw);

    [Fact]
    public void UnknownKeySuggestsTheClosestKnownKey() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 1
                max: 8
                stpe: 1
                default: 2
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 5, "unknown key 'stpe' in knob 'threads'", "did you mean 'step'?");

    [Fact]
    public void KeyOfAnotherKnobTypeSaysItDoesNotApply() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 1
                max: 8
                choices: [a, b]
                default: 2
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 5, "'choices' does not apply to int knob 'threads'", "choices belongs to choice knobs");

    [Fact]
    public void WrongTypeNamesWhatWasExpectedAndFound() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: "1"
                max: 8
                default: 2
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 5, 10, "'min' of knob 'threads' must be a whole number, found the text \"1\"", "(no quotes: a quoted value is text)");

    [Fact]
    public void FloatForAnIntKnobIsAWrongType() =>
        f.ToyKnobs(K("""
              threads: {type: int, min: 1, max: 8.5, default: 2, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 37, "'max' of knob 'threads' must be a whole number, found the number 8.5", "max: 64");

    [Fact]
    public void MinAboveMax() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 8
                max: 1
                default: 2
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 5, 10, "min 8 of knob 'threads' is greater than max 1", "swap them");

    [Fact]
    public void MinEqualToMaxLeavesNothingToTune() =>
        f.ToyKnobs(K("""
              util: {type: float, min: 0.5, max: 0.5, default: 0.5, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 28, "min 0.5 of knob 'util' equals max", "cannot be tuned");

    [Fact]
    public void StepMustBePositive() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 1
                max: 8
                step: 0
                default: 2
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 11, "step 0 of knob 'threads' must be at least 1", "step: 1");

    [Fact]
    public void FloatStepMustBePositive() =>
        f.ToyKnobs(K("""
              util: {type: float, min: 0.25, max: 1.0, step: -0.25, default: 0.5, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 50, "step -0.25 of knob 'util' must be above 0", "remove step for a continuous knob");

    [Fact]
    public void IntStepThatDoesNotDivideTheRangeSaysWhichValuesAreValid()
    {
        var p = f.ToyKnobs(K("""
              threads:
                type: int
                min: 0
                max: 12
                step: 5
                default: 5
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 11, "step 5 of knob 'threads' does not divide max - min = 12, so max 12 cannot be "
            + "reached from min 0", "the grid from min is 0, 5, 10, ...: set max: 10 or max: 15");
        ConfigFixture.AssertProblem(p, File, 7, 11, "", "or use a step that divides 12 (1, 2, 3, 4, 6, 12)");
    }

    [Fact]
    public void FloatStepThatDoesNotDivideTheRangeSaysWhichValuesAreValid() =>
        f.ToyKnobs(K("""
              util: {type: float, min: 0.25, max: 1.0, step: 0.3, default: 0.25, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 50, "step 0.3 of knob 'util' does not divide max - min = 0.75",
            "the grid from min is 0.25, 0.55, 0.85, ...: set max: 0.85 or max: 1.15");

    [Fact]
    public void FloatStepDividingUpToRoundingIsAccepted() =>
        f.ToyKnobs(K("""
              util: {type: float, min: 0.1, max: 0.7, step: 0.1, default: 0.3, actuator: {kind: workload-arg}}
            """)).Load();

    [Fact]
    public void LogScaleNeedsAPositiveMin() =>
        f.ToyKnobs(K("""
              rate:
                type: float
                min: 0
                max: 10
                scale: log
                default: 1
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 12, "scale: log needs min > 0 for float knob 'rate' (min is 0)", "raise min above 0");

    [Fact]
    public void IntLogScaleNeedsMinOfAtLeastOne() =>
        f.ToyKnobs(K("""
              batch: {type: int, min: 0, max: 256, scale: log, default: 16, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 47, "scale: log needs min >= 1 for int knob 'batch' (min is 0)", "raise min to 1");

    [Fact]
    public void UnknownScale() =>
        f.ToyKnobs(K("""
              batch: {type: int, min: 1, max: 256, scale: logarithmic, default: 16, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 47, "unknown scale 'logarithmic' in knob 'batch'", "write scale: log");

    [Fact]
    public void EmptyChoices() =>
        f.ToyKnobs(K("""
              mode: {type: choice, choices: [], default: a, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 33, "knob 'mode' has no choices; a knob needs at least two", "list its values");

    [Fact]
    public void DuplicateChoiceIsReportedAtTheRepeat() =>
        f.ToyKnobs(K("""
              mode:
                type: choice
                choices: [fast, slow, fast]
                default: fast
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 5, 27, "choice 'fast' of knob 'mode' is listed twice", "remove the repeat");

    [Fact]
    public void DefaultOutsideTheRange() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 1
                max: 8
                default: 16
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 7, 14, "knob 'threads': default 16 is outside its range 1..8", "from 1 to 8");

    [Fact]
    public void DefaultOffTheGridSaysTheNearestValidValues() =>
        f.ToyKnobs(K("""
              threads:
                type: int
                min: 0
                max: 20
                step: 5
                default: 7
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 8, 14, "knob 'threads': default 7 is not on its grid 0, 5, 10, ... (steps of 5 from min)", "e.g. 5 or 10");

    [Fact]
    public void FloatDefaultOffTheGrid() =>
        f.ToyKnobs(K("""
              util: {type: float, min: 0.25, max: 1.0, step: 0.25, default: 0.6, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 65, "knob 'util': default 0.6 is not on its grid 0.25, 0.5, 0.75, ...", "e.g. 0.5 or 0.75");

    [Fact]
    public void DefaultThatIsNotAChoice() =>
        f.ToyKnobs(K("""
              mode:
                type: choice
                choices: [fast, slow]
                default: fsat
                actuator: {kind: workload-arg}
            """)).OnlyProblem(File, 6, 14, "knob 'mode': default 'fsat' is not one of its choices", "did you mean 'fast'?");

    [Fact]
    public void BoolDefaultMustBeABoolean() =>
        f.ToyKnobs(K("""
              fast: {type: bool, default: maybe, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 31, "knob 'fast': default must be true or false, found the text \"maybe\"", "true or false");

    [Fact]
    public void UnknownKnobType() =>
        f.ToyKnobs(K("""
              threads: {type: integer, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 19, "unknown knob type 'integer' for knob 'threads'", "valid types: int, float, choice, bool");

    [Fact]
    public void MissingRequiredKeyIsReportedAtTheKnob() =>
        f.ToyKnobs(K("""
              threads: {min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 3, "knob 'threads' is missing 'type'", "add type: int");

    [Fact]
    public void InvalidKnobName() =>
        f.ToyKnobs(K("""
              max threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
            """)).OnlyProblem(File, 3, 3, "'max threads' is not a valid knob name", "letters, digits and '_'");
}
