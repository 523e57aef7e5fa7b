using Dream.Trials.Processes;

namespace Dream.Trials.Tests.Workloads;

/// <summary>A test that runs an external tool for real: skipped, saying so, where the tool is not installed.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (Tools.System().Find(tool) is null)
            Skip = $"{tool} is not installed here: test skipped (apt-get install {tool})";
    }
}
