using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// Strategy "tpe": a Tree-structured Parzen Estimator (Bergstra et al. 2011) as Optuna's default sampler runs it,
/// proposing a whole generation at once. Stateless: each call rebuilds its densities from the whole history.
/// </summary>
/// <remarks>
/// Generation 0 is the GA's initial design (Latin hypercube or random, per init). After it, every distinct genome
/// measured so far is one observation (the first time it was scored; a null score, unsafe or failed, is always in
/// the bad set). The best <see cref="TpeSettings.Good"/> of them by score form the good set, the rest the bad set.
/// Each candidate of the generation is chosen knob by knob: <see cref="TpeSettings.Candidates"/> draws from the
/// good set's <see cref="ParzenEstimator"/>, the draw with the largest l(x)/g(x) kept. A constant liar keeps the
/// generation diverse: each candidate already chosen joins the bad set while the next is chosen, as a trial still
/// running does in Optuna's constant_liar mode. A candidate that repeats a genome of its generation or of the
/// history is drawn again (up to <see cref="Redraws"/> times), then moved to the nearest unused genome of its
/// generation. Randomness comes only from the generation's stream, so a replay proposes the same genomes.
/// </remarks>
internal sealed class TpeStrategy : IStrategy
{
    /// <summary>Draws of a fresh candidate when one repeats a measured genome, before moving it to a neighbour.</summary>
    public const int Redraws = 8;

    private readonly KnobSpace _space;
    private readonly EvolutionParams _params;
    private readonly long _seed;
    private readonly string _domain;
    private readonly TpeSettings _settings;

    public TpeStrategy(KnobSpace space, EvolutionParams @params, long seed, string domain, TpeSettings? settings = null)
    {
        _space = space;
        _params = @params;
        _seed = seed;
        _domain = domain;
        _settings = settings ?? TpeSettings.Default;
    }

    /// <summary>One measured genome: its coordinates and score (null: unsafe), in the order first measured.</summary>
    internal sealed record Observation(double[] U, double? Score);

    public IReadOnlyList<Genome> Propose(int generation, IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        Histories.Check(generation, history);
        if (_space.Size() is { } size && size <= _params.Population) return _space.Enumerate();
        var rng = GenerationRandom.Stream(_seed, _domain, generation);
        if (generation == 0) return InitialPopulation.Create(_space, _params.Population, _params.Init, rng);

        var (observations, measured) = Observations(history);
        var (good, bad) = Split(observations);
        if (_settings.Multivariate) return ProposeJoint(good, bad, measured, rng);
        var d = _space.Dimension();
        // Per knob, the kernels every density of this generation shares: the liar's bad sets differ by one point.
        var kernels = Enumerable.Range(0, d).Select(_ => new TruncatedKernels()).ToArray();
        var l = new ParzenEstimator[d];
        for (var i = 0; i < d; i++) l[i] = ParzenEstimator.For(_space.Axis(i), new KnobPoints(good.Select(u => u[i])), _settings, kernels[i]);

        var next = new Distinct(_space);
        var liars = Enumerable.Range(0, d).Select(i => new KnobPoints(bad.Select(u => u[i]))).ToArray();
        while (next.Count < _params.Population)
        {
            var g = new ParzenEstimator[d];
            for (var i = 0; i < d; i++) g[i] = ParzenEstimator.For(_space.Axis(i), liars[i], _settings, kernels[i]);
            var genome = _space.Decode(Acquire(l, g, rng));
            for (var r = 0; r < Redraws && (next.Contains(genome) || measured.Contains(genome)); r++)
                genome = _space.Decode(Acquire(l, g, rng));
            genome = next.NearestFree(genome, rng);
            next.Add(genome);
            var u = _space.Encode(genome);
            for (var i = 0; i < d; i++) liars[i].Add(u[i]);
        }
        return next.Genomes();
    }

    private IReadOnlyList<Genome> ProposeJoint(IReadOnlyList<double[]> good, IReadOnlyList<double[]> bad, HashSet<Genome> measured,
        SeededRandom rng)
    {
        var l = new JointParzenEstimator(_space, good, _settings);
        var next = new Distinct(_space);
        var liars = new List<double[]>(bad);
        while (next.Count < _params.Population)
        {
            var g = new JointParzenEstimator(_space, liars, _settings);
            var genome = _space.Decode(AcquireJoint(l, g, rng));
            for (var r = 0; r < Redraws && (next.Contains(genome) || measured.Contains(genome)); r++)
                genome = _space.Decode(AcquireJoint(l, g, rng));
            genome = next.NearestFree(genome, rng);
            next.Add(genome);
            liars.Add(_space.Encode(genome));
        }
        return next.Genomes();
    }

    /// <summary>Of <see cref="TpeSettings.Candidates"/> genomes drawn from l, the one with the largest log l − log g (ties: the first).</summary>
    private double[] AcquireJoint(JointParzenEstimator l, JointParzenEstimator g, SeededRandom rng)
    {
        double[] best = [];
        var bestRatio = double.NegativeInfinity;
        for (var c = 0; c < _settings.Candidates; c++)
        {
            var x = l.Sample(rng);
            var ratio = l.LogDensity(x) - g.LogDensity(x);
            if (ratio > bestRatio || best.Length == 0)
            {
                bestRatio = ratio;
                best = x;
            }
        }
        return best;
    }

    /// <summary>Knob by knob, the draw from l with the largest log l − log g (ties: the first drawn).</summary>
    private double[] Acquire(ParzenEstimator[] l, ParzenEstimator[] g, SeededRandom rng)
    {
        var u = new double[l.Length];
        for (var i = 0; i < l.Length; i++)
        {
            var best = double.NegativeInfinity;
            for (var c = 0; c < _settings.Candidates; c++)
            {
                var x = l[i].Sample(rng);
                var ratio = l[i].LogDensity(x) - g[i].LogDensity(x);
                if (ratio > best)
                {
                    best = ratio;
                    u[i] = x;
                }
            }
        }
        return u;
    }

    /// <summary>The distinct genomes of the space in the history, in the order first scored, and the set of them.</summary>
    internal (IReadOnlyList<Observation> Observations, HashSet<Genome> Measured) Observations(
        IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        var seen = new HashSet<Genome>();
        var outs = new List<Observation>();
        foreach (var gen in history)
        {
            foreach (var s in gen)
            {
                if (!_space.Contains(s.Genome) || !seen.Add(s.Genome)) continue;
                outs.Add(new Observation(_space.Encode(s.Genome), s.Score));
            }
        }
        return (outs, seen);
    }

    /// <summary>The good set (the best safe observations) and the bad set (the others), each oldest first.</summary>
    internal (IReadOnlyList<double[]> Good, IReadOnlyList<double[]> Bad) Split(IReadOnlyList<Observation> observations)
    {
        // OrderBy is stable: equal scores keep the order they were measured in.
        var ranked = Enumerable.Range(0, observations.Count).Where(i => observations[i].Score is not null)
            .OrderByDescending(i => observations[i].Score!.Value).ToList();
        var goodIdx = ranked.Take(_settings.Good(observations.Count)).ToHashSet();
        var good = new List<double[]>();
        var bad = new List<double[]>();
        for (var i = 0; i < observations.Count; i++) (goodIdx.Contains(i) ? good : bad).Add(observations[i].U);
        return (good, bad);
    }
}
