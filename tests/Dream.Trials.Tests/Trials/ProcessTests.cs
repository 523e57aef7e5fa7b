namespace Dream.Trials.Tests.Trials;

/// <summary>
/// Tests that start processes which may outlive a moment (a crashed child node, its orphaned workload): they run
/// alone, after the parallel tests, so that a test which counts this process's leftover children
/// (<see cref="ProcessWatch.Leftovers"/>) never counts theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTests
{
    public const string Name = "processes that outlive a moment";
}
