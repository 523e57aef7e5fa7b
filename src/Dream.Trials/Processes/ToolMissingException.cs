namespace Dream.Trials.Processes;

/// <summary>An external program a workload, probe or knob needs is not installed on this node.</summary>
public sealed class ToolMissingException(string tool, string message) : IOException(message)
{
    public string Tool { get; } = tool;
}
