using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// The genomes of one generation, kept distinct: measuring the same genome twice in a generation wastes
/// trials and makes the candidates' evidence ambiguous.
/// </summary>
internal sealed class Distinct(KnobSpace space)
{
    /// <summary>Random draws before falling back to scanning a finite space for an unused genome.</summary>
    private const int RandomTries = 1000;

    private readonly List<Genome> _genomes = new();
    private readonly HashSet<Genome> _seen = new();

    public bool Contains(Genome g) => _seen.Contains(g);

    public void Add(Genome g)
    {
        if (!_seen.Add(g)) throw new InvalidOperationException($"duplicate genome {g.Key()}");
        _genomes.Add(g);
    }

    public int Count => _genomes.Count;

    public IReadOnlyList<Genome> Genomes() => _genomes.ToArray();

    /// <summary><paramref name="wanted"/> if unused, else an unused genome one step away from it, else a fresh random one.</summary>
    public Genome NearestFree(Genome wanted, SeededRandom rng)
    {
        if (!_seen.Contains(wanted)) return wanted;
        var u = space.Encode(wanted);
        var options = new List<double[]>();
        for (var i = 0; i < u.Length; i++)
        {
            foreach (var n in space.Axis(i).Neighbours(u[i]))
            {
                var v = (double[])u.Clone();
                v[i] = n;
                options.Add(v);
            }
        }
        // Shuffled so that no knob is always the one moved; the stream makes the order reproducible.
        rng.Permute(options);
        foreach (var v in options)
        {
            var g = space.Decode(v);
            if (!_seen.Contains(g)) return g;
        }
        return Fresh(rng);
    }

    /// <summary>An unused genome drawn uniformly; the caller guarantees the space is larger than this set.</summary>
    public Genome Fresh(SeededRandom rng)
    {
        for (var i = 0; i < RandomTries; i++)
        {
            var g = space.Random(rng);
            if (!_seen.Contains(g)) return g;
        }
        // Only a finite, nearly exhausted space gets here; random draws cannot miss there forever.
        foreach (var g in space.Enumerate()) if (!_seen.Contains(g)) return g;
        throw new InvalidOperationException("the space has no unused genome left");
    }
}
