namespace Dream.Core.Racing;

/// <summary>
/// One candidate dropped from a race after <see cref="Block"/> (0-based, that block included in its evidence).
/// <see cref="Test"/> is <see cref="PairedTTest.Name"/> with the statistic, p-value and the best it was compared with,
/// or <see cref="Race.Failed"/> / <see cref="Race.CapBreach"/> with none of them.
/// </summary>
public sealed record Elimination(string CandId, int Block, string Test, double? Statistic, double? PValue, string? ComparedWith);
