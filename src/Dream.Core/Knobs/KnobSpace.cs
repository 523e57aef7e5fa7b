using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>
/// The knobs of a domain as the unit cube [0,1]^d, one coordinate per knob in domain order: evolution
/// operators move coordinates, <see cref="Decode"/> turns them into genomes that trials can apply.
/// </summary>
/// <remarks>
/// Encoding rules. Discrete knobs (int, stepped float, choice, bool) have n levels; level k owns the cell
/// [k/n, (k+1)/n), so every level has the same measure and u = 1.0 is the last level, and a level encodes to
/// the centre of its cell, (k+0.5)/n, so that a small numerical error never moves it into the next cell.
/// Step grids start at min: level k is min + k*step computed in decimal and converted once (0.1 + 15*0.05 is
/// 0.85, not 0.8500000000000001); the last level is the declared max exactly; a max off the grid (beyond 1e-9
/// of a whole number of steps) is rejected. A log scale on a discrete knob keeps every grid value as a level
/// and gives each the measure of its cell on the log axis, so small values get more measure. Continuous
/// floats decode linearly or logarithmically, rounded to 12 significant digits (monotone, readable),
/// clamped, with u = 0 and u = 1 giving min and max exactly; decode(encode(x)) == x for every value decode
/// can produce, and encode bisects so user values such as a default of 0.3 round-trip too.
/// </remarks>
public sealed class KnobSpace
{
    /// <summary>Spaces up to this size can be listed whole by <see cref="Enumerate"/>.</summary>
    public const long EnumerationLimit = 1_000_000;

    private readonly IReadOnlyList<IAxis> _axes;

    private KnobSpace(IReadOnlyList<Knob> knobs, IReadOnlyList<IAxis> axes)
    {
        Knobs = knobs;
        _axes = axes;
    }

    /// <exception cref="ArgumentException">naming the knob, for a range the encoding cannot honour</exception>
    public static KnobSpace Of(IReadOnlyList<Knob> knobs)
    {
        if (knobs.Count == 0) throw new ArgumentException("a knob space needs at least one knob");
        var names = new HashSet<string>();
        var axes = new List<IAxis>();
        foreach (var k in knobs)
        {
            if (k.Name is null || !names.Add(k.Name))
                throw new ArgumentException($"knob '{k.Name}' is declared twice or has no name");
            axes.Add(Axes.Of(k));
        }
        return new KnobSpace(knobs.ToArray(), axes.ToArray());
    }

    public IReadOnlyList<Knob> Knobs { get; }

    public int Dimension() => Knobs.Count;

    public IAxis Axis(int gene) => _axes[gene];

    public IAxis Axis(Knob knob) => _axes[IndexOf(knob.Name)];

    /// <summary>Number of values of a knob, 0 for a continuous one.</summary>
    public long Levels(Knob knob) => Axis(knob).Levels();

    public bool IsContinuous(Knob knob) => Axis(knob).Levels() == 0;

    /// <summary>Number of distinct genomes; null if a knob is continuous or the count overflows a long.</summary>
    public long? Size()
    {
        long size = 1;
        foreach (var a in _axes)
        {
            if (a.Levels() == 0) return null;
            try
            {
                size = checked(size * a.Levels());
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        return size;
    }

    public Genome Decode(double[] u)
    {
        CheckLength(u);
        var values = new KeyValuePair<string, object>[_axes.Count];
        for (var i = 0; i < _axes.Count; i++) values[i] = new(Knobs[i].Name, _axes[i].Decode(u[i]));
        return new Genome(values);
    }

    /// <exception cref="ArgumentException">naming the knob when the genome is not in this space</exception>
    public double[] Encode(Genome genome)
    {
        CheckKeys(genome);
        var u = new double[_axes.Count];
        for (var i = 0; i < _axes.Count; i++) u[i] = _axes[i].Encode(genome.Get(Knobs[i].Name)!);
        return u;
    }

    /// <summary>Exactly the knobs of this space, each with a value of its range, in canonical type.</summary>
    public bool Contains(Genome genome)
    {
        if (genome.Values.Count != Knobs.Count) return false;
        for (var i = 0; i < _axes.Count; i++)
        {
            var v = genome.Get(Knobs[i].Name);
            if (v is null || !_axes[i].Contains(v)) return false;
        }
        return true;
    }

    /// <summary>The cell-centre coordinates of the genome that <paramref name="u"/> decodes to.</summary>
    public double[] Snap(double[] u) => Encode(Decode(u));

    /// <summary>
    /// The stock genome: each knob's value as read from the machine, else its declared default. The value may
    /// lie outside the searched range: the baseline is measured as the machine was found.
    /// </summary>
    /// <exception cref="ArgumentException">naming the knob that has neither, or an unknown name in the map</exception>
    public Genome Stock(IReadOnlyDictionary<string, object> readFromMachine)
    {
        foreach (var name in readFromMachine.Keys) IndexOf(name);
        var values = new List<KeyValuePair<string, object>>();
        foreach (var k in Knobs)
        {
            var raw = readFromMachine.TryGetValue(k.Name, out var r) && r is not null ? r : k.Stock;
            if (raw is null)
            {
                throw new ArgumentException($"knob '{k.Name}' has no stock value: its actuator could not read it " +
                    "from the machine and the domain file declares no default:");
            }
            values.Add(new(k.Name, KnobValues.Canonical(k, raw)));
        }
        return new Genome(values);
    }

    /// <summary>The genome with every value converted to its knob's canonical type (e.g. a JSON 1 for a float knob).</summary>
    public Genome Canonical(Genome genome)
    {
        CheckKeys(genome);
        return new Genome(Knobs.Select(k => new KeyValuePair<string, object>(k.Name, KnobValues.Canonical(k, genome.Get(k.Name)))));
    }

    /// <summary>A uniformly random point of the cube.</summary>
    public double[] RandomPoint(Random rng)
    {
        var u = new double[_axes.Count];
        for (var i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
        return u;
    }

    public Genome Random(Random rng) => Decode(RandomPoint(rng));

    /// <summary>A coordinate for gene <paramref name="gene"/> that decodes to another value (see <see cref="IAxis.Mutate"/>).</summary>
    public double MutateGene(int gene, double u, double sigma, Random rng) => _axes[gene].Mutate(u, sigma, rng);

    /// <summary>Every genome, first knob varying slowest.</summary>
    public IReadOnlyList<Genome> Enumerate()
    {
        var size = Size() ?? long.MaxValue;
        if (size > EnumerationLimit) throw new ArgumentException($"the space has more than {EnumerationLimit} genomes");
        var all = new List<Genome>((int)size);
        var level = new long[_axes.Count];
        for (long n = 0; n < size; n++)
        {
            var values = new KeyValuePair<string, object>[_axes.Count];
            for (var i = 0; i < _axes.Count; i++) values[i] = new(Knobs[i].Name, ((LevelAxis)_axes[i]).ValueAt(level[i]));
            all.Add(new Genome(values));
            for (var i = _axes.Count - 1; i >= 0 && ++level[i] == _axes[i].Levels(); i--) level[i] = 0;
        }
        return all;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Knobs.Count; i++) if (Knobs[i].Name == name) return i;
        throw new ArgumentException($"no knob named '{name}' in this space");
    }

    private void CheckLength(double[] u)
    {
        if (u.Length != _axes.Count) throw new ArgumentException($"expected {_axes.Count} coordinates, got {u.Length}");
    }

    private void CheckKeys(Genome genome)
    {
        foreach (var name in genome.Values.Keys) IndexOf(name);
        foreach (var k in Knobs)
            if (genome.Get(k.Name) is null) throw new ArgumentException($"knob '{k.Name}' has no value");
    }
}
