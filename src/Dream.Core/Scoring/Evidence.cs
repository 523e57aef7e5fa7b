using Dream.Core.Domain;

namespace Dream.Core.Scoring;

/// <summary>Input hygiene shared by the evidence records: immutable copies, and no NaN dressed up as a measurement.</summary>
internal static class Evidence
{
    public static ValueMap<IReadOnlyList<double>> CopyValues(string owner, IEnumerable<KeyValuePair<string, IReadOnlyList<double>>> values)
    {
        var copy = new List<KeyValuePair<string, IReadOnlyList<double>>>();
        foreach (var (kpi, list) in values)
        {
            if (list is null) throw new ArgumentException($"{owner}: {kpi} has no list of trial values");
            for (var i = 0; i < list.Count; i++)
                if (!double.IsFinite(list[i]))
                    throw new ArgumentException($"{owner}: {kpi} trial value #{i} is {Canonical.FormatDouble(list[i])}; " +
                                                "a KPI that could not be measured belongs in 'unavailable', not among the values");
            copy.Add(new(kpi, ValueList<double>.Of(list)));
        }
        return ValueMap<IReadOnlyList<double>>.Of(copy);
    }
}
