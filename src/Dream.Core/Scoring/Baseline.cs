using System.Text.Json.Serialization;
using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// A node's baseline in one regime: the mean of each KPI over the stock configuration's successful trials, and
/// those trial values (empty when only the means are known, e.g. read back from baselines.json; then the
/// baseline's own uncertainty cannot enter the score interval and the assessment says so).
/// </summary>
public sealed record Baseline
{
    public string BaselineId { get; }
    public IReadOnlyDictionary<string, double> Means { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Trials { get; }

    [JsonConstructor]
    public Baseline(string baselineId, IReadOnlyDictionary<string, double> means,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? trials)
    {
        if (string.IsNullOrWhiteSpace(baselineId)) throw new ArgumentException("a baseline needs its id");
        BaselineId = baselineId;
        Means = ValueMap<double>.Of(means);
        foreach (var (k, v) in Means)
            if (!double.IsFinite(v)) throw new ArgumentException($"baseline {baselineId} mean of {k} is {Canonical.FormatDouble(v)}");
        Trials = Evidence.CopyValues("baseline " + baselineId, trials ?? ValueMap<IReadOnlyList<double>>.Empty);
        // The score interval resamples the trials around the means: both must describe the same runs.
        foreach (var (kpi, values) in Trials)
        {
            if (!Means.TryGetValue(kpi, out var mean) || values.Count == 0) continue;
            var actual = values.Average();
            if (Math.Abs(actual - mean) > 1e-9 * Math.Max(1, Math.Abs(mean)))
                throw new ArgumentException($"baseline {baselineId}: mean of {kpi} is {Canonical.FormatDouble(mean)} " +
                                            $"but its trials average {Canonical.FormatDouble(actual)}");
        }
    }

    public Baseline(string baselineId, IReadOnlyDictionary<string, double> means) : this(baselineId, means, null) { }

    /// <summary>A baseline whose means are those of the given trials.</summary>
    public static Baseline OfTrials(string baselineId, IReadOnlyDictionary<string, IReadOnlyList<double>> trials)
    {
        var means = new List<KeyValuePair<string, double>>();
        foreach (var (k, v) in trials)
            if (v.Count > 0) means.Add(new(k, v.Average()));
        return new Baseline(baselineId, ValueMap<double>.Of(means), trials);
    }
}
