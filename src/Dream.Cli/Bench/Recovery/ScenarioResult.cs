namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// What one recovery scenario found: its checks (each passed or not, with what was seen), its timings in seconds
/// (null: not measured, and <see cref="Unmeasured"/> says why), and notes. Skipped scenarios say why and pass nothing.
/// </summary>
public sealed class ScenarioResult(string name, string letter, string title)
{
    public sealed record Check(string Name, bool Passed, string Detail);

    public string Name { get; } = name;
    public string Letter { get; } = letter;
    public string Title { get; } = title;
    public string? RunId { get; set; }
    public string? SkippedReason { get; private set; }
    public string? Error { get; private set; }
    public List<Check> Checks { get; } = [];
    public SortedDictionary<string, double?> Timings { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, string> Unmeasured { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, object?> Facts { get; } = new(StringComparer.Ordinal);
    public List<string> Notes { get; } = [];

    public bool Skipped => SkippedReason != null;

    public bool Passed => !Skipped && Error == null && Checks.Count > 0 && Checks.All(c => c.Passed);

    public ScenarioResult Skip(string reason)
    {
        SkippedReason = reason;
        return this;
    }

    public void Fail(string error) => Error = error;

    public void Expect(string name, bool passed, string detail) => Checks.Add(new Check(name, passed, detail));

    /// <summary>A timing in seconds; <paramref name="whyNot"/> is recorded when it could not be measured.</summary>
    public void Time(string name, double? seconds, string whyNot)
    {
        Timings[name] = seconds;
        if (seconds == null) Unmeasured[name] = whyNot;
    }

    public Dictionary<string, object?> Document()
    {
        var d = new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["letter"] = Letter,
            ["title"] = Title,
            ["passed"] = Passed,
            ["skipped"] = Skipped,
        };
        if (SkippedReason != null) d["skipped_reason"] = SkippedReason;
        if (RunId != null) d["run_id"] = RunId;
        if (Error != null) d["error"] = Error;
        // Timings in seconds are fields of the scenario itself (DESIGN.md §5: the coordinator's as "failover_s").
        foreach (var (k, v) in Timings) d[k] = v;
        if (Unmeasured.Count > 0) d["unmeasured"] = Unmeasured;
        d["checks"] = Checks.Select(c => new Dictionary<string, object?> { ["name"] = c.Name, ["passed"] = c.Passed, ["detail"] = c.Detail }).ToList();
        if (Facts.Count > 0) d["facts"] = Facts;
        if (Notes.Count > 0) d["notes"] = Notes;
        return d;
    }
}
