namespace Dream.Core.Tests.Config;

/// <summary>
/// Broken regimes.yaml. <see cref="ConfigFixture.ToyWorkload"/> writes the workload on line 5, after "workload: "
/// (so its opening brace is at column 17), and duration_s on line 6.
/// </summary>
public class RegimesErrorsTests : TempDirTest
{
    private const string File = "config/regimes.yaml";
    private readonly ConfigFixture f;

    public RegimesErrorsTests() => f = ConfigFixture.Valid(Tmp);

    [Fact]
    public void UnknownWorkloadKindListsTheValidOnes() =>
        f.ToyWorkload("{kind: builtin-gpu}").OnlyProblem(File, 5, 24, "unknown workload kind 'builtin-gpu'",
            "valid kinds: builtin-cpu, builtin-memory, builtin-storage, builtin-network, builtin-mixed, stress-ng, fio, iperf3, command, sim");

    [Fact]
    public void MisspeltWorkloadKindIsSuggested() =>
        f.ToyWorkload("{kind: stressng, args: [--cpu, \"0\"]}").OnlyProblem(File, 5, 24, "unknown workload kind 'stressng'", "did you mean 'stress-ng'?");

    [Fact]
    public void NegativeTrialCount() =>
        f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("trials: 3", "trials: -3"))
            .OnlyProblem(File, 5, 21, "trials -3 in 'execution' of regimes.yaml must be at least 1", "each candidate needs at least one trial per regime");

    [Fact]
    public void TimeoutMultiplierBelowOne() =>
        f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("timeout_multiplier: 1.5", "timeout_multiplier: 0.5"))
            .OnlyProblem(File, 5, 87, "timeout_multiplier 0.5 in 'execution' of regimes.yaml must be at least 1", "below 1 every trial would time out");

    [Fact]
    public void UnknownExecutionKey() =>
        f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("retries: 1", "retry: 1"))
            .OnlyProblem(File, 5, 55, "unknown key 'retry' in 'execution' of regimes.yaml", "did you mean 'retries'?");

    [Fact]
    public void VersionMustBeTwo() =>
        f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("version: 2", "version: 1"))
            .OnlyProblem(File, 1, 10, "version 1 is not supported; Dream reads version 2", "write version: 2");

    [Fact]
    public void MissingVersion() =>
        f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("version: 2\n", ""))
            .OnlyProblem(File, 1, 1, "regimes.yaml is missing 'version'", "add version: 2");

    [Fact]
    public void RegimeForAnUnknownDomain()
    {
        var ps = f.Write("regimes.yaml", ConfigFixture.Regimes.Replace("  toy:\n", "  toy:\n    idle: {workload: {kind: builtin-cpu}, duration_s: 1}\n  tyo:\n"))
            .Problems();
        var p = ps.FirstOrDefault(p => p.Message.Contains("tyo", StringComparison.Ordinal));
        Assert.True(p is not null, "no problem about tyo: " + ConfigFixture.Render(ps));
        ConfigFixture.AssertProblem(p, File, 5, 3, "regimes for unknown domain 'tyo': there is no domains/tyo.yaml", "did you mean 'toy'?");
    }

    [Fact]
    public void ArgvWrittenAsAStringIsRefused() =>
        f.ToyWorkload("{kind: command, argv: \"bench --threads {threads}\"}").OnlyProblem(File, 5, 39,
            "argv of 'workload' of regime 'toy.normal' must be a list; Dream never runs a shell",
            "split it into words: argv: [bench, --threads, \"{threads}\"]");

    [Fact]
    public void StressNgArgsWrittenAsAStringAreRefused() =>
        f.ToyWorkload("{kind: stress-ng, args: --cpu 0}").OnlyProblem(File, 5, 41,
            "args of 'workload' of regime 'toy.normal' must be a list; Dream never runs a shell", "args: [--cpu, 0]");

    [Fact]
    public void PlaceholderNamingAnUnknownKnob() =>
        f.ToyWorkload("{kind: command, argv: [bench, \"--threads={thread}\"]}").OnlyProblem(File, 5, 47,
            "'{thread}' in argv names 'thread', which is not a knob of domain 'toy'", "did you mean 'threads'?");

    [Fact]
    public void PlaceholderInABuiltinParamMustSuitIt() =>
        f.ToyWorkload("{kind: builtin-cpu, threads: \"{mode}\"}").OnlyProblem(File, 5, 46,
            "'threads' takes knob 'mode', but threads must be a whole number >= 1 and the knob is a choice knob", "use an int knob with min >= 1");

    [Fact]
    public void UnquotedPlaceholderIsAYamlMapping() =>
        f.ToyWorkload("{kind: builtin-cpu, threads: {threads}}").OnlyProblem(File, 5, 46,
            "'threads' of 'workload' of regime 'toy.normal' must be a whole number >= 1 or \"{knob}\", found a mapping",
            "quote it: threads: \"{name}\"");

    [Fact]
    public void LoadOutOfRange() =>
        f.ToyWorkload("{kind: builtin-cpu, load: 1.5}").OnlyProblem(File, 5, 43,
            "'load' of 'workload' of regime 'toy.normal' must be a number in (0, 1] or \"{knob}\", found the number 1.5", "load: 0.5");

    [Fact]
    public void UnknownKeyOfAWorkloadKind() =>
        f.ToyWorkload("{kind: builtin-cpu, lod: 0.5}").OnlyProblem(File, 5, 37, "unknown key 'lod' for a builtin-cpu workload",
            "did you mean 'load'? valid keys of builtin-cpu: kind, load, threads, kernel");

    [Fact]
    public void UnknownPatternOfTheStorageWorkload() =>
        f.ToyWorkload("{kind: builtin-storage, pattern: random}").OnlyProblem(File, 5, 50,
            "unknown pattern 'random' in 'workload' of regime 'toy.normal'", "valid patterns: write, read, randrw");

    [Fact]
    public void FsyncMustBeABoolean() =>
        f.ToyWorkload("{kind: builtin-storage, fsync: sometimes}").OnlyProblem(File, 5, 48,
            "'fsync' of 'workload' of regime 'toy.normal' must be true or false, found the text \"sometimes\"", "fsync: true");

    [Fact]
    public void SimOptimumNamingAnUnknownKnob() =>
        f.ToyWorkload("{kind: sim, function: sphere, optimum: {threads: 4, speed: 2}}").OnlyProblem(File, 5, 69,
            "the optimum names 'speed', which is not a knob of domain 'toy'", "valid knobs of toy: threads, mode");

    [Fact]
    public void SimOptimumOutsideTheKnobsRange() =>
        f.ToyWorkload("{kind: sim, function: sphere, optimum: {threads: 12}}").OnlyProblem(File, 5, 66,
            "knob 'threads': the optimum 12 is outside its range 1..8", "use a value from 1 to 8");

    [Fact]
    public void SimOptimumOfAChoiceKnobMustBeAChoice() =>
        f.ToyWorkload("{kind: sim, function: sphere, optimum: {mode: medium}}").OnlyProblem(File, 5, 63,
            "knob 'mode': the optimum 'medium' is not one of its choices", "valid choices: fast, slow");

    [Fact]
    public void SimFunctionMustBeKnown() =>
        f.ToyWorkload("{kind: sim, function: ackley, optimum: {threads: 4}}").OnlyProblem(File, 5, 39,
            "unknown function 'ackley'", "valid functions: sphere, rastrigin, rosenbrock");

    [Fact]
    public void SimNoiseMustNotBeNegative() =>
        f.ToyWorkload("{kind: sim, function: sphere, optimum: {threads: 4}, noise: -0.1}").OnlyProblem(File, 5, 77,
            "'noise' of 'workload' of regime 'toy.normal' must be a number >= 0, found the number -0.1", "noise: 0.05");

    [Fact]
    public void RegimeWeightMustBePositive() =>
        f.Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1, weight: 0}\n")
            .OnlyProblem(File, 4, 68, "weight 0 of regime 'toy.normal' must be above 0", "1.0 is the default");

    [Fact]
    public void DurationMustNotBeNegative() =>
        f.Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: -5}\n")
            .OnlyProblem(File, 4, 57, "duration_s -5 of regime 'toy.normal' is negative", "0 or more");

    [Fact]
    public void MissingWorkload() =>
        f.Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {duration_s: 5}\n")
            .OnlyProblem(File, 4, 5, "regime 'toy.normal' is missing 'workload'", "add workload: {kind: builtin-cpu");

    [Fact]
    public void MissingArgvOfACommand() =>
        f.ToyWorkload("{kind: command, timeout_s: 10}").OnlyProblem(File, 5, 7,
            "'workload' of regime 'toy.normal' is missing 'argv'", "argv: [./bench, --threads, \"{threads}\"] (the program, then its arguments)");
}
