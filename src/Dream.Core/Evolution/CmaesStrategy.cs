using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// Strategy "cmaes": CMA-ES on the unit cube, one CMA-ES generation (lambda = population) per Dream
/// generation, driven in ask/tell form by replaying the history (see <see cref="CmaesReplay"/>). Discrete
/// knobs are decoded by their cells; duplicate decodes within a generation are proposed as the nearest unused
/// genome (else a fresh random one). CMA-ES has no elitism: the best so far is the coordinator's to keep, and
/// after a restart a generation may be worse than earlier ones. The GA's elites, tournament, crossover,
/// mutation and init settings do not apply.
/// </summary>
internal sealed class CmaesStrategy : IStrategy
{
    private readonly KnobSpace _space;
    private readonly int _lambda;
    private readonly long _seed;
    private readonly string _domain;

    public CmaesStrategy(KnobSpace space, int population, long seed, string domain)
    {
        if (population < 2) throw new ArgumentException("cmaes needs a population of at least 2");
        _space = space;
        _lambda = population;
        _seed = seed;
        _domain = domain;
    }

    public IReadOnlyList<Genome> Propose(int generation, IReadOnlyList<IReadOnlyList<Scored>> history) =>
        Replay(generation, history).Proposal;

    internal CmaesReplay.Result Replay(int generation, IReadOnlyList<IReadOnlyList<Scored>> history)
    {
        Histories.Check(generation, history);
        if (_space.Size() is { } size && size <= _lambda) return new CmaesReplay.Result(_space.Enumerate(), 0);
        for (var g = 0; g < generation; g++)
        {
            if (history[g].Count != _lambda)
            {
                throw new ArgumentException(
                    $"cmaes generation {g} has {history[g].Count} candidates; it proposed {_lambda}");
            }
        }
        return new CmaesReplay(_space, _lambda, _seed, _domain, history).Run();
    }
}
