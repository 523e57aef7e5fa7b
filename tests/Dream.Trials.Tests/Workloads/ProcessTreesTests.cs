using System.Diagnostics;
using System.Globalization;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Workloads;

[Collection(ProcessTestsCollection.Name)]
public sealed class ProcessTreesTests
{
    [Fact]
    public void AProcessIsKilledWithEverythingItStarted()
    {
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "sleep 300 & sh -c 'sleep 300 & wait' & echo $!; wait" }) psi.ArgumentList.Add(a);
        using var root = Process.Start(psi)!;
        var child = long.Parse(root.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        // Wait until the grandchildren exist, so that the tree has three levels.
        for (var i = 0; i < 200 && ProcessWatch.Descendants(root.Id).Count < 3; i++) Thread.Sleep(10);
        var tree = ProcessWatch.Descendants(root.Id);
        Assert.Contains((int)child, tree);
        Assert.True(ProcessTrees.KillAndWait(root, 10_000));
        foreach (var pid in tree) Assert.True(ProcessWatch.Gone(pid, 5000), $"process {pid} still runs");
        ProcessTrees.Kill(root); // a dead root: nothing to do, no error
    }
}
