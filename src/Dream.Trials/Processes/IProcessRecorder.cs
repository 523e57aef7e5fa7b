namespace Dream.Trials.Processes;

/// <summary>
/// Where a trial durably notes each workload process it starts (the node's apply-journal), so that a node killed
/// with SIGKILL in the middle of a trial stops the processes it left running when it starts again: a process
/// outside a trial cgroup is otherwise known to nobody.
/// </summary>
public interface IProcessRecorder
{
    /// <summary>Records nothing: for workloads run outside an executor.</summary>
    static readonly IProcessRecorder None = Of((_, _) => () => { });

    /// <summary>A recorder from a function, as the executor builds one over its apply-journal.</summary>
    static IProcessRecorder Of(Func<long, IReadOnlyList<string>, Action> started) => new FromFunc(started);

    /// <summary>
    /// Durably notes the process just started as <paramref name="pid"/> with <paramref name="argv"/>, before
    /// anything else is done with it; the returned action removes the note once its process tree has ended, and
    /// never throws. Throws <see cref="IOException"/> when the note cannot be written.
    /// </summary>
    Action Started(long pid, IReadOnlyList<string> argv);

    private sealed class FromFunc(Func<long, IReadOnlyList<string>, Action> started) : IProcessRecorder
    {
        public Action Started(long pid, IReadOnlyList<string> argv) => started(pid, argv);
    }
}
