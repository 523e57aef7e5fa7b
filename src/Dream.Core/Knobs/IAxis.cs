using Dream.Core.Domain;

namespace Dream.Core.Knobs;

/// <summary>One knob seen as a coordinate in [0,1]: how that coordinate maps to the knob's values and back.
/// Implemented by <see cref="LevelAxis"/> and <see cref="ContinuousAxis"/> only.</summary>
public interface IAxis
{
    Knob Knob { get; }

    /// <summary>The canonical value at coordinate <paramref name="u"/> in [0,1].</summary>
    object Decode(double u);

    /// <summary>A coordinate whose <see cref="Decode"/> is <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">if the value is not in this knob's range</exception>
    double Encode(object value);

    bool Contains(object value);

    /// <summary>Number of distinct values, or 0 for a continuous knob.</summary>
    long Levels();

    /// <summary>
    /// A coordinate that decodes to a different value than <paramref name="u"/> does (the same one only when
    /// the knob has a single value). Ordered knobs move by a Gaussian of <paramref name="sigma"/> in unit
    /// space, reflected at the bounds, and at least one level; choices jump to any other choice, since they
    /// have no order.
    /// </summary>
    double Mutate(double u, double sigma, Random rng);

    /// <summary>Coordinates of the values next to the one at <paramref name="u"/>: used to replace duplicates nearby.</summary>
    double[] Neighbours(double u);
}
