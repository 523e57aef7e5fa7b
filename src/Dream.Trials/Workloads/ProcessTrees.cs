using System.Diagnostics;
using Dream.Trials.Processes;

namespace Dream.Trials.Workloads;

/// <summary>
/// Kills a process together with everything it started. Killing only the direct child would leave its children
/// (a shell's background jobs, a benchmark's workers) running and disturbing later trials.
/// </summary>
public static class ProcessTrees
{
    /// <summary>
    /// Kills the process <paramref name="rootPid"/> and its descendants, children before parents. The descendants
    /// are listed while the root still lives: once it dies they are re-parented and can no longer be found through
    /// it. A second pass catches processes forked while the first was killing.
    /// </summary>
    public static void Kill(int rootPid)
    {
        KillDescendants(rootPid);
        KillOne(rootPid);
    }

    /// <summary>As <see cref="Kill(int)"/>, the root killed through its own handle (so that a reused PID is never hit).</summary>
    public static void Kill(Process root)
    {
        int pid;
        try
        {
            if (root.HasExited) return; // its children, if any, were re-parented and cannot be found through it
            pid = root.Id;
        }
        catch (InvalidOperationException)
        {
            return; // never started, or already gone
        }
        KillDescendants(pid);
        try
        {
            root.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended meanwhile.
        }
    }

    private static void KillDescendants(int rootPid)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            // Breadth-first: the deepest come last, so reversed the leaves are killed first.
            foreach (var pid in ExternalProcess.Descendants(rootPid).Reverse()) KillOne(pid);
        }
    }

    /// <summary>Kills the tree and waits up to <paramref name="timeoutMs"/> for the root to be gone.</summary>
    public static bool KillAndWait(Process root, long timeoutMs)
    {
        Kill(root);
        try
        {
            return root.WaitForExit((int)Math.Clamp(timeoutMs, 0, int.MaxValue));
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static void KillOne(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended while we looked.
        }
    }
}
