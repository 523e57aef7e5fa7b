using System.Text.Json.Serialization;
using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>
/// What was measured for one candidate in one regime. <see cref="Weight"/> is the regime's weight in the
/// overall score; <see cref="Trials"/> counts successful trials (those whose values are in <see cref="Kpis"/>),
/// <see cref="TrialsFailed"/> the failed ones, which never enter the values (no zero-filling). Kpis maps a KPI
/// to one value per successful trial, in trial order; lists of the same length are taken to be aligned by trial,
/// so they are resampled together. <see cref="Baseline"/> is null when none exists yet. <see cref="Unavailable"/>
/// maps a KPI to why this node cannot measure it, and <c>knob:&lt;name&gt;</c> to why that knob was held at its
/// stock value; both are reported as reasons, only the KPIs are scored.
/// </summary>
public sealed record RegimeEvidence
{
    /// <summary>
    /// The key prefix, in <see cref="Unavailable"/>, of a knob held at its stock value. KPI names cannot contain a
    /// colon (domain files allow letters, digits and underscores), so the two never collide.
    /// </summary>
    public const string HeldKnobPrefix = "knob:";

    public string Regime { get; }
    public double Weight { get; }
    public int Trials { get; }
    public int TrialsFailed { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Kpis { get; }
    public Baseline? Baseline { get; }
    public bool Safe { get; }
    public IReadOnlyList<CapBreach> CapBreaches { get; }
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    [JsonConstructor]
    public RegimeEvidence(string regime, double weight, int trials, int trialsFailed,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? kpis, Baseline? baseline, bool safe,
        IReadOnlyList<CapBreach>? capBreaches, IReadOnlyDictionary<string, string>? unavailable)
    {
        if (string.IsNullOrWhiteSpace(regime)) throw new ArgumentException("regime evidence needs a regime name");
        if (!(weight >= 0) || double.IsInfinity(weight))
            throw new ArgumentException($"regime {regime} weight must be finite and >= 0, got {Canonical.FormatDouble(weight)}");
        if (trials < 0 || trialsFailed < 0) throw new ArgumentException($"regime {regime} trial counts must be >= 0");
        Regime = regime;
        Weight = weight;
        Trials = trials;
        TrialsFailed = trialsFailed;
        Kpis = Evidence.CopyValues("regime " + regime, kpis ?? ValueMap<IReadOnlyList<double>>.Empty);
        Baseline = baseline;
        Safe = safe;
        CapBreaches = ValueList<CapBreach>.Of(capBreaches);
        Unavailable = ValueMap<string>.Of(unavailable);
    }

    /// <summary>A held knob's note, not a KPI: it belongs among the reasons, never among the KPIs.</summary>
    public static bool IsHeldKnob(string name) => name.StartsWith(HeldKnobPrefix, StringComparison.Ordinal);

    /// <summary>The KPIs among <see cref="Unavailable"/>, with their reasons; the held knobs left out.</summary>
    public IReadOnlyDictionary<string, string> UnavailableKpis() =>
        ValueMap<string>.Of(Unavailable.Where(p => !IsHeldKnob(p.Key)));

    /// <summary>Safe as the pack reports it: judged safe and no cap broken.</summary>
    public bool SafeWithoutBreaches() => Safe && CapBreaches.Count == 0;

    public IReadOnlyList<double> Values(string kpi) =>
        Kpis.TryGetValue(kpi, out var v) ? v : ValueList<double>.Empty;
}
