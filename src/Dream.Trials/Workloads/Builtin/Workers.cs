using System.Runtime.ExceptionServices;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// Runs a workload's worker loops on threads of their own and waits for all of them. The loops stop by themselves
/// at their end time or when the trial is cancelled; an interrupt of the waiting thread makes them stop too
/// (through <c>stop</c>) before it is passed on. The first failure of a loop stops the others and is rethrown.
/// </summary>
internal static class Workers
{
    public static void RunAll(string name, int count, Action<int> loop, Action stop)
    {
        Exception? failure = null;
        var threads = new List<Thread>();
        for (var i = 0; i < count; i++)
        {
            var worker = i;
            threads.Add(new Thread(() =>
            {
                try
                {
                    loop(worker);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    stop();
                }
            })
            { Name = name + "-" + i, IsBackground = true });
        }
        foreach (var t in threads) t.Start();
        try
        {
            foreach (var t in threads) t.Join();
        }
        catch (ThreadInterruptedException)
        {
            stop();
            foreach (var t in threads) t.Join(1000);
            throw;
        }
        if (Volatile.Read(ref failure) is { } f) ExceptionDispatchInfo.Capture(f).Throw();
    }
}
