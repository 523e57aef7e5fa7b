using Dream.Core.Domain;

namespace Dream.Core.Evolution;

/// <summary>
/// Decides the candidates of a generation from the scored history. Implementations are pure functions of
/// (seed, domain, generation, history): replaying a journal proposes the same candidates.
/// </summary>
public interface IStrategy
{
    /// <param name="generation">the generation to propose, from 0</param>
    /// <param name="history">history[g] = the scored candidates of generation g, in candidate index order;
    /// history.Count == generation</param>
    /// <returns>distinct genomes of the space, population of them (the whole space if it is smaller)</returns>
    IReadOnlyList<Genome> Propose(int generation, IReadOnlyList<IReadOnlyList<Scored>> history);
}
