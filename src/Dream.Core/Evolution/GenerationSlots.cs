using Dream.Core.Domain;
using Dream.Core.Knobs;

namespace Dream.Core.Evolution;

/// <summary>
/// Turns the points CMA-ES samples for one generation into distinct genomes, slot by slot, and remembers
/// which slot measured the genome each point decodes to.
/// </summary>
/// <remarks>
/// Several points can decode to one genome (discrete knobs, or points clipped to a bound). The first keeps
/// it; a later one is proposed as the nearest unused genome (else a fresh random one) so that no trial is
/// wasted, but CMA-ES is told the score of the slot that measured its own genome: the score of the
/// replacement belongs to another point.
/// </remarks>
internal sealed class GenerationSlots(KnobSpace space, SeededRandom rng)
{
    public sealed record Slot(Genome Genome, int Source);

    private readonly Distinct _distinct = new(space);
    private readonly Dictionary<Genome, int> _slotOf = new();

    public Slot Place(double[] point)
    {
        var u = (double[])point.Clone();
        for (var i = 0; i < u.Length; i++) u[i] = Math.Max(0, Math.Min(1, u[i])); // CMA-ES repairs; be sure
        var wanted = space.Decode(u);
        var slot = _distinct.Count;
        var owned = _slotOf.TryGetValue(wanted, out var owner);
        var chosen = owned ? _distinct.NearestFree(wanted, rng) : wanted;
        _distinct.Add(chosen);
        _slotOf[chosen] = slot;
        return new Slot(chosen, owned ? owner : slot);
    }
}
