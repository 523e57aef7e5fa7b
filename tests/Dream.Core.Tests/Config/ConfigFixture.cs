using Dream.Core.Config;
using Dream.Core.Domain;

namespace Dream.Core.Tests.Config;

/// <summary>
/// A small valid config directory written into a temp dir (<c>&lt;tmp&gt;/config</c>), which a test breaks in one
/// place before loading it. Problems are then named "config/&lt;file&gt;".
/// </summary>
internal sealed class ConfigFixture
{
    public static readonly string Toy = Text("""
        domain: toy
        description: a small domain for tests
        knobs:
          threads: {type: int, min: 1, max: 8, default: 2, actuator: {kind: workload-arg}}
          mode: {type: choice, choices: [fast, slow], default: fast, actuator: {kind: workload-arg}}
        kpis:
          perf: {unit: ops/s, better: higher, role: perf}
          p95_ms: {unit: ms, better: lower, role: p95}
          watts: {unit: W, better: lower, role: watts}
        """);

    public static readonly string Regimes = Text("""
        version: 2
        domains:
          toy:
            normal: {workload: {kind: builtin-cpu, load: 0.5, threads: "{threads}"}, duration_s: 1}
        execution: {trials: 3, warmup_s: 0, trial_delay_s: 0, retries: 1, timeout_multiplier: 1.5}
        """);

    public static readonly string Caps = Text("""
        version: 2
        domains:
          toy: {watts: {max: 100}}
        global: {max_trial_failures: 3, max_trial_duration_s: 300, min_successful_trials: 2}
        tolerance: {perf_improvement_pct: 0.5, latency_regression_pct: 5.0, power_regression_pct: 3.0}
        """);

    public string Dir { get; }

    private ConfigFixture(string dir) => Dir = dir;

    /// <summary>A raw string literal as a Java text block reads: every line ends with a newline.</summary>
    public static string Text(string raw) => raw.Replace("\r\n", "\n") + "\n";

    public static ConfigFixture Valid(string tmp) =>
        new ConfigFixture(Path.Combine(tmp, "config")).Write("domains/toy.yaml", Toy).Write("regimes.yaml", Regimes).Write("caps.yaml", Caps);

    public ConfigFixture Write(string rel, string text)
    {
        var p = Path.Combine(Dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return this;
    }

    public ConfigFixture Delete(string rel)
    {
        File.Delete(Path.Combine(Dir, rel));
        return this;
    }

    /// <summary>A domain file of the toy domain's shape with the given knobs block (indented two spaces per line).</summary>
    public ConfigFixture ToyKnobs(string knobs)
    {
        // The regime then names no knob, so that only the knobs block can be wrong.
        Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal: {workload: {kind: builtin-cpu}, duration_s: 1}\n");
        return Write("domains/toy.yaml", "domain: toy\nknobs:\n" + knobs + Text("""
            kpis:
              perf: {unit: ops/s, better: higher, role: perf}
              p95_ms: {unit: ms, better: lower, role: p95}
              watts: {unit: W, better: lower, role: watts}
            """));
    }

    /// <summary>regimes.yaml with one toy regime whose workload is the given flow mapping.</summary>
    public ConfigFixture ToyWorkload(string workload) =>
        Write("regimes.yaml", "version: 2\ndomains:\n  toy:\n    normal:\n      workload: " + workload + "\n      duration_s: 1\n");

    public DreamConfig Load() => ConfigLoader.Load(Dir);

    public IReadOnlyList<ConfigProblem> Problems() => Assert.Throws<ConfigException>(() => ConfigLoader.Load(Dir)).Problems();

    /// <summary>Asserts that loading reports exactly one problem, at file:line:column, whose message and fix say so.</summary>
    public ConfigProblem OnlyProblem(string file, int line, int column, string messagePart, string fixPart)
    {
        var ps = Problems();
        Assert.True(ps.Count == 1, "expected one problem, got:\n" + Render(ps));
        AssertProblem(ps[0], file, line, column, messagePart, fixPart);
        return ps[0];
    }

    public static void AssertProblem(ConfigProblem p, string file, int line, int column, string messagePart, string fixPart)
    {
        Assert.True(file + ":" + line + ":" + column == p.File + ":" + p.Line + ":" + p.Column, "expected at " + file + ":" + line + ":" + column + ", got " + p);
        Assert.True(p.Message.Contains(messagePart, StringComparison.Ordinal), "message lacks \"" + messagePart + "\": " + p);
        Assert.True((p.Fix ?? "").Contains(fixPart, StringComparison.Ordinal), "fix lacks \"" + fixPart + "\": " + p);
    }

    public static string Render(IEnumerable<ConfigProblem> ps) => string.Join("\n", ps.Select(p => p.ToString()));

    /// <summary>Whether a loaded value equals the given one in canonical form (maps compared by content).</summary>
    public static void AssertCanonical(object expected, object? actual) =>
        Assert.True(Canonical.ValueEquals(Canonical.Value(expected), actual),
            "expected " + Show(Canonical.Value(expected)) + ", got " + (actual is null ? "null" : Show(actual)));

    public static void AssertDictionary<TValue>(IReadOnlyDictionary<string, TValue> expected, IReadOnlyDictionary<string, TValue> actual)
    {
        Assert.True(expected.Count == actual.Count && expected.All(p => actual.TryGetValue(p.Key, out var v) && Equals(p.Value, v)),
            "expected {" + string.Join(", ", expected.Select(p => p.Key + "=" + p.Value)) + "}, got {" + string.Join(", ", actual.Select(p => p.Key + "=" + p.Value)) + "}");
    }

    private static string Show(object v) => v switch
    {
        IReadOnlyDictionary<string, object> m => "{" + string.Join(", ", m.Select(p => p.Key + "=" + Show(p.Value))) + "}",
        IReadOnlyList<object> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        _ => v + " (" + v.GetType().Name + ")",
    };
}

/// <summary>A temporary directory per test, removed afterwards (JUnit's @TempDir).</summary>
public abstract class TempDirTest : IDisposable
{
    protected string Tmp { get; } = Directory.CreateTempSubdirectory("dream-config-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Tmp, true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
        GC.SuppressFinalize(this);
    }
}
