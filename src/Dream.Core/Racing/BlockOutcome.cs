namespace Dream.Core.Racing;

/// <summary>What one candidate's trial of a block came to, once recorded: a block score, or a failure that eliminates it.</summary>
public abstract record BlockOutcome
{
    private BlockOutcome() { }

    public sealed record Scored(double Score) : BlockOutcome;

    /// <summary><see cref="Why"/>: the elimination's test name, <see cref="Race.Failed"/> or <see cref="Race.CapBreach"/>.</summary>
    public sealed record Failed(string Why) : BlockOutcome;
}
