namespace Dream.Trials;

/// <summary>
/// Threads for trial workloads, kept for reuse as Java's cached thread pool kept them. A workload blocks for its whole
/// trial, so it gets a thread of its own, never one of the .NET thread pool's (Akka.NET's actors run there); but
/// starting a new thread for every trial cost more than a zero-second trial itself. The pool grows to as many
/// workloads as run at once (an abandoned one keeps its thread); a thread idle for a minute ends.
/// </summary>
internal static class WorkloadThreads
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(60);
    private static readonly object Lock = new();
    private static readonly Queue<Action> Work = new();
    private static int _idle; // threads waiting for work

    /// <summary>Runs <paramref name="work"/> on a workload thread; its exception, if any, faults the task.</summary>
    public static Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>();
        void Job()
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
        lock (Lock)
        {
            Work.Enqueue(Job);
            if (_idle >= Work.Count)
            {
                Monitor.Pulse(Lock);
                return done.Task;
            }
        }
        new Thread(Loop) { IsBackground = true, Name = "dream-workload" }.Start();
        return done.Task;
    }

    private static void Loop()
    {
        while (true)
        {
            Action job;
            lock (Lock)
            {
                while (Work.Count == 0)
                {
                    _idle++;
                    var signalled = Monitor.Wait(Lock, KeepAlive);
                    _idle--;
                    if (!signalled && Work.Count == 0) return;
                }
                job = Work.Dequeue();
            }
            job();
        }
    }
}
