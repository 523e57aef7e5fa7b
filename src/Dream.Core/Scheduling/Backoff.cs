namespace Dream.Core.Scheduling;

/// <summary>
/// How long a domain waits after a failed campaign: <c>Initial</c> after the first failure in a row, doubled
/// after each further one, never more than <c>Max</c>. A success resets it.
/// </summary>
public sealed record Backoff
{
    public static readonly Backoff Default = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    public TimeSpan Initial { get; }
    public TimeSpan Max { get; }

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero || max < initial)
        {
            throw new ArgumentException("backoff needs 0 < initial <= max, got " + Durations.Format(initial) + ", " + Durations.Format(max));
        }
        Initial = initial;
        Max = max;
    }

    public void Deconstruct(out TimeSpan initial, out TimeSpan max)
    {
        initial = Initial;
        max = Max;
    }
}
