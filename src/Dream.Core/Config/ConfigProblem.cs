namespace Dream.Core.Config;

/// <summary>One configuration error, located at <c>file:line:column</c> (1-based), with what to do about it.</summary>
public sealed record ConfigProblem(string File, int Line, int Column, string Message, string? Fix)
{
    public override string ToString() =>
        File + ":" + Line + ":" + Column + ": " + Message + (string.IsNullOrWhiteSpace(Fix) ? "" : "\n    fix: " + Fix);
}
