using System.Text.Json.Serialization;
using Dream.Core.Statistics;

namespace Dream.Core.Scoring;

/// <summary>
/// The statistics of one regime of one candidate: KPI means of the successful trials, the confidence interval of
/// each mean (absent for a KPI with no values) and the weakest method among them (None, then StudentT), the
/// deltas [trial − baseline mean] (null without a baseline), this regime's score (null when it cannot be scored),
/// the one-sided Welch p-value of "better than the baseline" per KPI (where both sides have two or more trial
/// values), and why this regime has no value for a KPI or held a knob at stock.
/// </summary>
public sealed record RegimeAssessment
{
    public string Regime { get; }
    public IReadOnlyDictionary<string, double> Means { get; }
    public IReadOnlyDictionary<string, Interval> Ci95 { get; }
    public CiMethod CiMethod { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? Delta { get; }
    public double? Score { get; }
    public IReadOnlyDictionary<string, double> PImproves { get; }
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    [JsonConstructor]
    public RegimeAssessment(string regime, IReadOnlyDictionary<string, double> means, IReadOnlyDictionary<string, Interval> ci95,
        CiMethod ciMethod, IReadOnlyDictionary<string, IReadOnlyList<double>>? delta, double? score,
        IReadOnlyDictionary<string, double> pImproves, IReadOnlyDictionary<string, string> unavailable)
    {
        Regime = regime;
        Means = ValueMap<double>.Of(means);
        Ci95 = ValueMap<Interval>.Of(ci95);
        CiMethod = ciMethod;
        Delta = delta is null ? null : Frozen.Series(delta);
        Score = score;
        PImproves = ValueMap<double>.Of(pImproves);
        Unavailable = ValueMap<string>.Of(unavailable);
    }
}
