namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// N threads of a compute kernel (<see cref="ICpuKernel"/>) at a target duty cycle. One operation is one call of
/// the kernel, a few microseconds; its latency is timed around the call. With load below 1, each worker computes
/// for load × period and then sleeps to the period's end, so the offered load, not the machine's speed, sets the
/// busy fraction.
/// </summary>
internal static class CpuEngine
{
    /// <summary>Longest single pause, so that a long duty-cycle period still notices a cancellation soon.</summary>
    private const long MaxPauseNs = 50_000_000;

    private static long _sink;

    public sealed record Result(long Ops, double ElapsedS, Latencies Latencies);

    public static Result Run(int workers, double load, long periodNs, double seconds, Func<bool> cancelled) =>
        Run("hash", workers, load, periodNs, seconds, cancelled);

    /// <summary>The result of every kernel call is kept (in a shared sink) so that the JIT cannot drop the work.</summary>
    public static Result Run(string kernel, int workers, double load, long periodNs, double seconds, Func<bool> cancelled)
    {
        ICpuKernel.Create(kernel); // an unknown kernel fails here, before any thread starts
        var start = Nanos.Now();
        var end = start + Nanos.FromSeconds(seconds);
        var ops = new long[workers];
        var lat = new Latencies.PerWorker(workers);
        var stop = 0;
        bool Halt() => Volatile.Read(ref stop) != 0 || cancelled();
        Workers.RunAll("dream-cpu", workers, w =>
        {
            var k = ICpuKernel.Create(kernel);
            var l = lat.Of(w);
            long n = 0;
            long x = w + 1;
            var now = Nanos.Now();
            while (now < end && !Halt())
            {
                var periodEnd = now + periodNs;
                var busyUntil = load >= 1 ? end : Math.Min(end, now + (long)(load * periodNs));
                while (now < busyUntil && !Halt())
                {
                    var t = Nanos.Now();
                    x = k.Step(x);
                    now = Nanos.Now();
                    l.Record(now - t);
                    n++;
                }
                if (load < 1)
                {
                    var until = Math.Min(periodEnd, end);
                    for (var rest = until - Nanos.Now(); rest > 0 && !Halt(); rest = until - Nanos.Now())
                        Nanos.Park(Math.Min(rest, MaxPauseNs));
                    now = Nanos.Now();
                }
            }
            Interlocked.Add(ref _sink, x);
            ops[w] = n;
        }, () => Volatile.Write(ref stop, 1));
        var elapsed = Nanos.SecondsSince(start);
        return new Result(ops.Sum(), elapsed, lat.Merged());
    }
}
