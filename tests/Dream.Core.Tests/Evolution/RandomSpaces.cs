using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Knobs;
using static Dream.Core.Tests.Knobs.TestKnobs;

namespace Dream.Core.Tests.Evolution;

/// <summary>Random knob spaces and settings for fuzzing the operators.</summary>
internal static class RandomSpaces
{
    public static KnobSpace Next(SeededRandom rng)
    {
        var d = 1 + rng.Next(5);
        var knobs = new List<Knob>();
        for (var i = 0; i < d; i++)
        {
            var n = "k" + i;
            switch (rng.Next(7))
            {
                case 0:
                    long min = rng.Next(20) - 10;
                    long step = 1 + rng.Next(3);
                    knobs.Add(IntKnob(n, min, min + step * rng.Next(12), step));
                    break;
                case 1: knobs.Add(LogInt(n, 1 + rng.Next(4), 50 + rng.Next(2000), 1)); break;
                case 2: knobs.Add(FloatKnob(n, 0.25, 0.25 + 0.05 * rng.Next(15), 0.05)); break;
                case 3: knobs.Add(FloatKnob(n, -1, 1 + rng.NextDouble(), null)); break;
                case 4: knobs.Add(LogFloat(n, 0.01, 100, null)); break;
                case 5: knobs.Add(Choice(n, new[] { "a", "b", "c", "d", "e" }[..(1 + rng.Next(5))])); break;
                default: knobs.Add(Bool(n)); break;
            }
        }
        return KnobSpace.Of(knobs);
    }

    public static EvolutionParams Params(SeededRandom rng, string strategy)
    {
        var population = 2 + rng.Next(25);
        return new EvolutionParams(strategy, population, rng.Next(Math.Min(4, population)), 1 + rng.Next(4),
            rng.NextDouble(), rng.NextBoolean() ? EvolutionParams.AutoMutationRate : rng.NextDouble(),
            0.01 + 0.3 * rng.NextDouble(), rng.NextBoolean() ? "lhs" : "random");
    }
}
