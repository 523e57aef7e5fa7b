package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken regimes.yaml. {@link ConfigFixture#toyWorkload} writes the workload on line 5, after "workload: " (so
 * its opening brace is at column 17), and duration_s on line 6.
 */
class RegimesErrorsTest {
  static final String FILE = "config/regimes.yaml";
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  @Test
  void unknownWorkloadKindListsTheValidOnes() {
    f.toyWorkload("{kind: builtin-gpu}").onlyProblem(FILE, 5, 24, "unknown workload kind 'builtin-gpu'",
        "valid kinds: builtin-cpu, builtin-memory, builtin-storage, builtin-network, builtin-mixed, stress-ng, fio, "
            + "iperf3, command, sim");
  }

  @Test
  void misspeltWorkloadKindIsSuggested() {
    f.toyWorkload("{kind: stressng, args: [--cpu, \"0\"]}").onlyProblem(FILE, 5, 24, "unknown workload kind 'stressng'",
        "did you mean 'stress-ng'?");
  }

  @Test
  void negativeTrialCount() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("trials: 3", "trials: -3"))
        .onlyProblem(FILE, 5, 21, "trials -3 in 'execution' of regimes.yaml must be at least 1",
            "each candidate needs at least one trial per regime");
  }

  @Test
  void timeoutMultiplierBelowOne() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("timeout_multiplier: 1.5", "timeout_multiplier: 0.5"))
        .onlyProblem(FILE, 5, 87, "timeout_multiplier 0.5 in 'execution' of regimes.yaml must be at least 1",
            "below 1 every trial would time out");
  }

  @Test
  void unknownExecutionKey() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("retries: 1", "retry: 1"))
        .onlyProblem(FILE, 5, 55, "unknown key 'retry' in 'execution' of regimes.yaml", "did you mean 'retries'?");
  }

  @Test
  void versionMustBeTwo() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("version: 2", "version: 1"))
        .onlyProblem(FILE, 1, 10, "version 1 is not supported; Dream reads version 2", "write version: 2");
  }

  @Test
  void missingVersion() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("version: 2\n", ""))
        .onlyProblem(FILE, 1, 1, "regimes.yaml is missing 'version'", "add version: 2");
  }

  @Test
  void regimeForAnUnknownDomain() {
    f.write("regimes.yaml", ConfigFixture.REGIMES.replace("  toy:\n", "  toy:\n    idle: {workload: {kind: builtin-cpu}, duration_s: 1}\n  tyo:\n"))
        .problems().stream().filter(p -> p.message().contains("tyo")).findFirst()
        .ifPresentOrElse(p -> ConfigFixture.assertProblem(p, FILE, 5, 3,
                "regimes for unknown domain 'tyo': there is no domains/tyo.yaml", "did you mean 'toy'?"),
            () -> { throw new AssertionError("no problem about tyo"); });
  }

  @Test
  void argvWrittenAsAStringIsRefused() {
    f.toyWorkload("{kind: command, argv: \"bench --threads {threads}\"}").onlyProblem(FILE, 5, 39,
        "argv of 'workload' of regime 'toy.normal' must be a list; Dream never runs a shell",
        "split it into words: argv: [bench, --threads, \"{threads}\"]");
  }

  @Test
  void stressNgArgsWrittenAsAStringAreRefused() {
    f.toyWorkload("{kind: stress-ng, args: --cpu 0}").onlyProblem(FILE, 5, 41,
        "args of 'workload' of regime 'toy.normal' must be a list; Dream never runs a shell", "args: [--cpu, 0]");
  }

  @Test
  void placeholderNamingAnUnknownKnob() {
    f.toyWorkload("{kind: command, argv: [bench, \"--threads={thread}\"]}").onlyProblem(FILE, 5, 47,
        "'{thread}' in argv names 'thread', which is not a knob of domain 'toy'", "did you mean 'threads'?");
  }

  @Test
  void placeholderInABuiltinParamMustSuitIt() {
    f.toyWorkload("{kind: builtin-cpu, threads: \"{mode}\"}").onlyProblem(FILE, 5, 46,
        "'threads' takes knob 'mode', but threads must be a whole number >= 1 and the knob is a choice knob",
        "use an int knob with min >= 1");
  }

  @Test
  void unquotedPlaceholderIsAYamlMapping() {
    f.toyWorkload("{kind: builtin-cpu, threads: {threads}}").onlyProblem(FILE, 5, 46,
        "'threads' of 'workload' of regime 'toy.normal' must be a whole number >= 1 or \"{knob}\", found a mapping",
        "quote it: threads: \"{name}\"");
  }

  @Test
  void loadOutOfRange() {
    f.toyWorkload("{kind: builtin-cpu, load: 1.5}").onlyProblem(FILE, 5, 43,
        "'load' of 'workload' of regime 'toy.normal' must be a number in (0, 1] or \"{knob}\", found the number 1.5",
        "load: 0.5");
  }

  @Test
  void unknownKeyOfAWorkloadKind() {
    f.toyWorkload("{kind: builtin-cpu, lod: 0.5}").onlyProblem(FILE, 5, 37, "unknown key 'lod' for a builtin-cpu workload",
        "did you mean 'load'? valid keys of builtin-cpu: kind, load, threads, kernel");
  }

  @Test
  void unknownPatternOfTheStorageWorkload() {
    f.toyWorkload("{kind: builtin-storage, pattern: random}").onlyProblem(FILE, 5, 50,
        "unknown pattern 'random' in 'workload' of regime 'toy.normal'", "valid patterns: write, read, randrw");
  }

  @Test
  void fsyncMustBeABoolean() {
    f.toyWorkload("{kind: builtin-storage, fsync: sometimes}").onlyProblem(FILE, 5, 48,
        "'fsync' of 'workload' of regime 'toy.normal' must be true or false, found the text \"sometimes\"", "fsync: true");
  }

  @Test
  void simOptimumNamingAnUnknownKnob() {
    f.toyWorkload("{kind: sim, function: sphere, optimum: {threads: 4, speed: 2}}").onlyProblem(FILE, 5, 69,
        "the optimum names 'speed', which is not a knob of domain 'toy'", "valid knobs of toy: threads, mode");
  }

  @Test
  void simOptimumOutsideTheKnobsRange() {
    f.toyWorkload("{kind: sim, function: sphere, optimum: {threads: 12}}").onlyProblem(FILE, 5, 66,
        "knob 'threads': the optimum 12 is outside its range 1..8", "use a value from 1 to 8");
  }

  @Test
  void simOptimumOfAChoiceKnobMustBeAChoice() {
    f.toyWorkload("{kind: sim, function: sphere, optimum: {mode: medium}}").onlyProblem(FILE, 5, 63,
        "knob 'mode': the optimum 'medium' is not one of its choices", "valid choices: fast, slow");
  }

  @Test
  void simFunctionMustBeKnown() {
    f.toyWorkload("{kind: sim, function: ackley, optimum: {threads: 4}}").onlyProblem(FILE, 5, 39,
        "unknown function 'ackley'", "valid functions: sphere, rastrigin, rosenbrock");
  }

  @Test
  void simNoiseMustNotBeNegative() {
    f.toyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}, noise: -0.1}").onlyProblem(FILE, 5, 77,
        "'noise' of 'workload' of regime 'toy.normal' must be a number >= 0, found the number -0.1", "noise: 0.05");
  }

  @Test
  void regimeWeightMustBePositive() {
    f.write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1, weight: 0}\n")
        .onlyProblem(FILE, 4, 68, "weight 0 of regime 'toy.normal' must be above 0", "1.0 is the default");
  }

  @Test
  void durationMustNotBeNegative() {
    f.write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: -5}\n")
        .onlyProblem(FILE, 4, 57, "duration_s -5 of regime 'toy.normal' is negative", "0 or more");
  }

  @Test
  void missingWorkload() {
    f.write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {duration_s: 5}\n")
        .onlyProblem(FILE, 4, 5, "regime 'toy.normal' is missing 'workload'", "add workload: {kind: builtin-cpu");
  }

  @Test
  void missingArgvOfACommand() {
    f.toyWorkload("{kind: command, timeout_s: 10}").onlyProblem(FILE, 5, 7,
        "'workload' of regime 'toy.normal' is missing 'argv'", "argv: [./bench, --threads, \"{threads}\"] (the program, then its arguments)");
  }
}
