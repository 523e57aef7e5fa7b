using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// One proposal of the "cmaes" strategy, computed by replaying CMA-ES from scratch over the scored history:
/// <list type="number">
/// <item>Its random stream is derived from (seed, domain, restart), never from a global generator.</item>
/// <item>Evaluation i (counted over candidates only, across restarts) is candidate i of the flattened
/// history, generation i / lambda, slot i % lambda: CMA-ES is told that slot's recorded score, negated since
/// it minimizes. Mapping by index, not by point, makes the replay exact. When a point's genome was first
/// proposed by an earlier slot of its generation (see <see cref="GenerationSlots"/>), the answer is that
/// slot's score.</item>
/// <item>An unsafe slot (null score) answers a penalty worse than every safe score of generations 0..t:
/// worst + max(spread, 1e-6). It looks only at generations up to its own, so answers for old generations
/// never change as history grows, and neither do the points that followed them.</item>
/// <item>Generation G (the one proposed) is the next generation CMA-ES asks for; nothing is told about it.</item>
/// <item>The start point of each run counts as evaluated with double.MaxValue ("unknown"), so it never
/// becomes CMA-ES's best.</item>
/// <item>If the optimizer stops on its own termination criteria (tolerances, condition number) before
/// generation G, it is restarted: restart r uses the stream (seed, domain, "cmaes", r), starts from a
/// uniform point of the stream (seed, domain, "cmaes-start", r) (restart 0 from the centre of the cube)
/// with sigma 0.3, and goes on with the next evaluation index. A restart only ever happens at a generation
/// boundary, so Dream generations and CMA-ES generations stay aligned.</item>
/// </list>
/// </summary>
internal sealed class CmaesReplay
{
    /// <summary>Initial step size in unit space: the customary 0.3 of the range.</summary>
    public const double InitialSigma = 0.3;

    private const int MaxIterations = 100_000;
    private const double StartValue = double.MaxValue;

    public sealed record Result(IReadOnlyList<Genome> Proposal, int Restarts);

    private readonly KnobSpace _space;
    private readonly int _lambda;
    private readonly long _seed;
    private readonly string _domain;
    private readonly IReadOnlyList<IReadOnlyList<Scored>> _history;
    private readonly double?[] _penalties;

    public CmaesReplay(KnobSpace space, int lambda, long seed, string domain, IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        _space = space;
        _lambda = lambda;
        _seed = seed;
        _domain = domain;
        _history = history;
        _penalties = new double?[history.Count];
    }

    public Result Run()
    {
        var d = _space.Dimension();
        var sigma = Enumerable.Repeat(InitialSigma, d).ToArray();
        var lower = new double[d];
        var upper = Enumerable.Repeat(1.0, d).ToArray();
        var generation = 0; // the next Dream generation to replay, across restarts
        for (var restart = 0; ; restart++)
        {
            var optimizer = new CmaesOptimizer(Start(restart), sigma, _lambda, lower, upper,
                GenerationRandom.Derive(_seed, _domain, "cmaes", restart), MaxIterations, StartValue);
            while (!optimizer.Stopped)
            {
                var points = optimizer.Ask();
                var slots = new GenerationSlots(_space, GenerationRandom.Stream(_seed, _domain, generation));
                if (generation == _history.Count)
                    return new Result(points.Select(p => slots.Place(p).Genome).ToArray(), restart);
                optimizer.Tell(Answers(generation, points, slots));
                generation++;
            }
        }
    }

    private double[] Answers(int t, double[][] points, GenerationSlots slots)
    {
        var values = new double[_lambda];
        for (var k = 0; k < _lambda; k++)
        {
            var slot = slots.Place(points[k]);
            var measured = _history[t][k];
            if (!measured.Genome.Equals(slot.Genome))
            {
                throw new InvalidOperationException($"cmaes replay diverged at generation {t} candidate {k}: the history " +
                    $"has {measured.Genome.Key()} where the replay proposes {slot.Genome.Key()} (different seed, domain, " +
                    "space or library version?)");
            }
            var score = _history[t][slot.Source].Score;
            values[k] = score is { } s ? -s : Penalty(t);
        }
        return values;
    }

    private double[] Start(int restart)
    {
        if (restart == 0) return Enumerable.Repeat(0.5, _space.Dimension()).ToArray();
        return _space.RandomPoint(GenerationRandom.Derive(_seed, _domain, "cmaes-start", restart));
    }

    private double Penalty(int t)
    {
        if (_penalties[t] is { } known) return known;
        var best = double.PositiveInfinity;
        var worst = double.NegativeInfinity;
        for (var g = 0; g <= t; g++)
        {
            foreach (var s in _history[g])
            {
                if (s.Score is not { } score) continue;
                best = Math.Min(best, -score);
                worst = Math.Max(worst, -score);
            }
        }
        var penalty = double.IsNegativeInfinity(worst) ? 0.0 : worst + Math.Max(worst - best, 1e-6);
        _penalties[t] = penalty;
        return penalty;
    }
}
