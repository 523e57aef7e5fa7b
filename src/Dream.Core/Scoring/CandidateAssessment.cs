using System.Text.Json.Serialization;
using Dream.Core.Statistics;

namespace Dream.Core.Scoring;

/// <summary>
/// The verdict on one candidate: the numbers a candidate pack reports and the evolution selects on.
/// <see cref="Safe"/>: every regime safe and no cap broken. <see cref="ScoreV2"/>: overall score (0 = the
/// baseline), null when unsafe or not scorable (see <see cref="Notes"/>). <see cref="ScoreCi95"/>: its interval,
/// null without a score or with too few trials. <see cref="ImprovesOverBaseline"/>: the interval's lower bound
/// above 0 and no tolerance broken. <see cref="Means"/>: KPI → {regime → mean, "overall" → regime-weighted mean}.
/// <see cref="RiskProfile"/>: KPI → the largest trial value over all regimes. <see cref="KpisUnavailable"/>: KPIs
/// this node could not measure at all (never a held knob), their terms dropped in every regime.
/// </summary>
public sealed record CandidateAssessment
{
    public bool Safe { get; }
    public double? ScoreV2 { get; }
    public Interval? ScoreCi95 { get; }
    public bool ImprovesOverBaseline { get; }
    public IReadOnlyList<RegimeAssessment> Regimes { get; }
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Means { get; }
    public IReadOnlyDictionary<string, double> RiskProfile { get; }
    public IReadOnlyList<string> KpisUnavailable { get; }
    public IReadOnlyList<string> ToleranceBreaks { get; }
    public IReadOnlyList<string> Notes { get; }

    [JsonConstructor]
    public CandidateAssessment(bool safe, double? scoreV2, Interval? scoreCi95, bool improvesOverBaseline,
        IReadOnlyList<RegimeAssessment> regimes, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> means,
        IReadOnlyDictionary<string, double> riskProfile, IReadOnlyList<string> kpisUnavailable,
        IReadOnlyList<string> toleranceBreaks, IReadOnlyList<string> notes)
    {
        Safe = safe;
        ScoreV2 = scoreV2;
        ScoreCi95 = scoreCi95;
        ImprovesOverBaseline = improvesOverBaseline;
        Regimes = ValueList<RegimeAssessment>.Of(regimes);
        Means = ValueMap<IReadOnlyDictionary<string, double>>.Of(means.Select(p =>
            new KeyValuePair<string, IReadOnlyDictionary<string, double>>(p.Key, ValueMap<double>.Of(p.Value))));
        RiskProfile = ValueMap<double>.Of(riskProfile);
        KpisUnavailable = ValueList<string>.Of(kpisUnavailable);
        ToleranceBreaks = ValueList<string>.Of(toleranceBreaks);
        Notes = ValueList<string>.Of(notes);
    }

    public RegimeAssessment Regime(string name) =>
        Regimes.FirstOrDefault(r => r.Regime == name) ?? throw new ArgumentException($"no regime {name} in this assessment");
}
