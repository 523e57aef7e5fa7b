namespace Dream.Core.Racing;

/// <summary>
/// How a generation is raced. <see cref="FirstTest"/>: the blocks measured before the first test (null: one per
/// regime, and never fewer than <see cref="MinFirstTest"/>, since a paired t on two differences has one degree of
/// freedom and decides nothing). <see cref="Confidence"/>: 1 − the false-elimination rate per race (see
/// <see cref="Race"/>).
/// </summary>
public sealed record RaceSettings
{
    public const double DefaultConfidence = 0.95;
    public const int MinFirstTest = 3;

    public static readonly RaceSettings Default = new(null, DefaultConfidence);

    public int? FirstTest { get; }
    public double Confidence { get; }

    public RaceSettings(int? firstTest, double confidence)
    {
        if (firstTest is { } f && f < 1) throw new ArgumentException($"the racing first test must be at least 1 block (got {f})");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentException($"the racing confidence must lie in (0, 1) (got {confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        FirstTest = firstTest;
        Confidence = confidence;
    }

    /// <summary>Blocks before the first test for a race of <paramref name="regimes"/> regimes and <paramref name="blocks"/> blocks.</summary>
    public int FirstTestFor(int regimes, int blocks) => Math.Min(blocks, FirstTest ?? Math.Max(regimes, MinFirstTest));
}
