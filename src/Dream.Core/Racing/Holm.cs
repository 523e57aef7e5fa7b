namespace Dream.Core.Racing;

/// <summary>Holm's step-down correction: which of m hypotheses are rejected at family-wise level α.</summary>
public static class Holm
{
    /// <summary>The indices rejected, in the order Holm rejects them (smallest p first; ties by index).</summary>
    public static IReadOnlyList<int> Rejected(IReadOnlyList<double> pValues, double alpha)
    {
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ThenBy(i => i).ToList();
        var m = order.Count;
        var rejected = new List<int>();
        for (var j = 0; j < m; j++)
        {
            if (!(pValues[order[j]] <= alpha / (m - j))) break;
            rejected.Add(order[j]);
        }
        return rejected;
    }
}
