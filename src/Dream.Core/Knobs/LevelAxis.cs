using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>A knob with finitely many values: int, stepped float, choice, bool.</summary>
public sealed class LevelAxis : IAxis
{
    private readonly Levels _levels;
    private readonly Cells _cells;

    internal LevelAxis(Knob knob, Levels levels, bool log)
    {
        Knob = knob;
        _levels = levels;
        _cells = log && levels.Count > 1 ? new Cells.Log(levels) : new Cells.Uniform(levels.Count);
    }

    public Knob Knob { get; }

    public long Levels() => _levels.Count;

    public bool Ordered => _levels.Ordered;

    /// <summary>The level index at coordinate <paramref name="u"/>.</summary>
    public long LevelOf(double u)
    {
        UnitInterval.Check(u);
        return _cells.CellOf(u);
    }

    public object ValueAt(long level) => _levels.ValueAt(level);

    /// <summary>The coordinate of a level: the centre of its cell.</summary>
    public double Centre(long level) => _cells.Centre(level);

    /// <summary>The cell of a level, [lower, upper) in unit space: the measure a density over [0,1] gives the level.</summary>
    public (double Lower, double Upper) Cell(long level) => (_cells.Lower(level), _cells.Lower(level + 1));

    public object Decode(double u) => _levels.ValueAt(LevelOf(u));

    public double Encode(object value)
    {
        var k = _levels.IndexOf(value);
        if (k < 0) throw new ArgumentException($"knob '{Knob.Name}' has no value {Describe(value)}");
        return _cells.Centre(k);
    }

    public bool Contains(object value) => _levels.IndexOf(value) >= 0;

    public double Mutate(double u, double sigma, Random rng)
    {
        var n = _levels.Count;
        var k = LevelOf(u);
        if (n == 1) return _cells.Centre(0);
        if (!_levels.Ordered)
        {
            var j0 = rng.NextInt64(n - 1);
            return _cells.Centre(j0 >= k ? j0 + 1 : j0);
        }
        // A Gaussian step from the cell centre makes near levels likelier than far ones; a step that stays in
        // the same cell becomes a move to the adjacent level in its direction (reflected at the ends), so the
        // gene always changes and neighbours stay the most probable outcome.
        var delta = sigma * UnitInterval.Gaussian(rng);
        var j = _cells.CellOf(UnitInterval.Reflect(_cells.Centre(k) + delta));
        if (j == k) j = k + (delta >= 0 ? 1 : -1);
        if (j < 0) j = 1;
        if (j >= n) j = n - 2;
        return _cells.Centre(j);
    }

    public double[] Neighbours(double u)
    {
        var n = _levels.Count;
        var k = LevelOf(u);
        if (!_levels.Ordered)
        {
            var outs = new double[(int)n - 1];
            for (long j = 0, i = 0; j < n; j++) if (j != k) outs[i++] = _cells.Centre(j);
            return outs;
        }
        if (n == 1) return [];
        if (k == 0) return [_cells.Centre(1)];
        if (k == n - 1) return [_cells.Centre(n - 2)];
        return [_cells.Centre(k - 1), _cells.Centre(k + 1)];
    }

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        double d => Canonical.FormatDouble(d),
        _ => Canonical.Text(value),
    };
}
