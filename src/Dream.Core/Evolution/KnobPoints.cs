using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// One knob's observed coordinates, oldest first, with the order a stable sort gives them (by value, equal values by
/// age) kept up to date as points are added: the constant liar adds one point per candidate, and sorting the whole
/// bad set again for every candidate was most of the cost of rebuilding its density.
/// </summary>
internal sealed class KnobPoints
{
    private readonly List<double> _points;
    private readonly List<int> _order;

    public KnobPoints(IEnumerable<double> points)
    {
        _points = points.ToList();
        foreach (var p in _points) UnitInterval.Check(p);
        _order = [.. StableOrder(_points.ToArray())];
    }

    public int Count => _points.Count;

    public IReadOnlyList<double> Points => _points;

    /// <summary>Adds the newest point: after every older point of no greater value, as the stable sort places it.</summary>
    public void Add(double p)
    {
        UnitInterval.Check(p);
        _order.Insert(After(p), _points.Count);
        _points.Add(p);
    }

    /// <summary>
    /// The stable order of the points with one more, the prior's centre 0.5 as index <see cref="Count"/>: the newest,
    /// so after every point of no greater value.
    /// </summary>
    public int[] OrderWithPrior()
    {
        var at = After(0.5);
        var order = new int[_order.Count + 1];
        _order.CopyTo(0, order, 0, at);
        order[at] = _points.Count;
        _order.CopyTo(at, order, at + 1, _order.Count - at);
        return order;
    }

    /// <summary>The first position in the order whose point is greater than <paramref name="p"/> (as OrderBy compares).</summary>
    private int After(double p)
    {
        int lo = 0, hi = _order.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_points[_order[mid]].CompareTo(p) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The indices of <paramref name="values"/> by value, equal values by index: the order a stable sort gives
    /// (OrderBy's), from the faster unstable key sort with each run of equal values put back in index order.
    /// </summary>
    internal static int[] StableOrder(double[] values)
    {
        var keys = (double[])values.Clone();
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }
        return order;
    }
}
