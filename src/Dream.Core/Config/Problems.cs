namespace Dream.Core.Config;

/// <summary>
/// Collects every problem found instead of stopping at the first, so that one <c>dream validate</c> shows a
/// user everything to fix.
/// </summary>
internal sealed class Problems
{
    private readonly List<ConfigProblem> _found = new();

    public void Add(ConfigProblem problem) => _found.Add(problem);

    public bool IsEmpty => _found.Count == 0;

    public int Size => _found.Count;

    /// <summary>By file, then position: the order in which a user reads and fixes them (stable for equal positions).</summary>
    public IReadOnlyList<ConfigProblem> Sorted() =>
        _found.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column).ToList();
}
