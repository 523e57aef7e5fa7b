using MathNet.Numerics.Random;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// Memory bandwidth (copying between the two halves of a large array: every copied byte is read once and written
/// once) and memory latency (chasing pointers around one random cycle, so that every load depends on the previous
/// one and the prefetcher cannot guess the next address). MB means 10^6 bytes, as in STREAM.
/// </summary>
internal static class MemoryEngine
{
    private const int ChaseBatch = 1 << 16;
    private static readonly object CycleLock = new();
    private static long _sink;

    // Building a 16M-entry cycle takes about half a second; trials of the same size reuse it while the GC leaves it.
    private static WeakReference<int[]> _cycle = new(null!);

    public sealed record Bandwidth(double Bytes, double ElapsedS)
    {
        public double MbPerS() => ElapsedS > 0 && Bytes > 0 ? Bytes / ElapsedS / 1e6 : double.NaN;
    }

    public sealed record Chase(long Steps, double ElapsedS)
    {
        public double NsPerStep() => Steps > 0 ? ElapsedS * 1e9 / Steps : double.NaN;
    }

    public static long[] Buffer(long bytes)
    {
        var n = Math.Max(2, bytes / 8) & ~1L;
        if (n > Array.MaxLength - 8) throw new ArgumentException($"memory buffer too large: {bytes} bytes");
        var b = GC.AllocateUninitializedArray<long>((int)n);
        Array.Fill(b, 1L); // touch every page now, not inside the measurement
        return b;
    }

    /// <summary><paramref name="threads"/> threads, each copying within its own slice of <paramref name="buf"/>; bytes summed over them.</summary>
    public static Bandwidth BandwidthOf(long[] buf, int threads, double seconds, Func<bool> cancelled)
    {
        if (threads <= 1) return BandwidthOf(buf, 0, buf.Length, seconds, cancelled);
        var slice = (buf.Length / threads) & ~1;
        if (slice < 2) throw new ArgumentException($"memory buffer too small for {threads} threads");
        var per = new Bandwidth[threads];
        var start = Nanos.Now();
        Workers.RunAll("dream-mem-bw", threads, w => per[w] = BandwidthOf(buf, w * slice, slice, seconds, cancelled), () => { });
        return new Bandwidth(per.Sum(b => b.Bytes), Nanos.SecondsSince(start));
    }

    public static Bandwidth BandwidthOf(long[] buf, double seconds, Func<bool> cancelled) =>
        BandwidthOf(buf, 0, buf.Length, seconds, cancelled);

    private static Bandwidth BandwidthOf(long[] buf, int from, int length, double seconds, Func<bool> cancelled)
    {
        var half = length / 2;
        var start = Nanos.Now();
        var end = start + Nanos.FromSeconds(seconds);
        double bytes = 0;
        var forward = true;
        var low = buf.AsMemory(from, half);
        var high = buf.AsMemory(from + half, half);
        while (Nanos.Now() < end && !cancelled())
        {
            if (forward) low.Span.CopyTo(high.Span);
            else high.Span.CopyTo(low.Span);
            forward = !forward;
            bytes += 2.0 * 8 * half;
        }
        Interlocked.Add(ref _sink, buf[from + half / 2]);
        return new Bandwidth(bytes, Nanos.SecondsSince(start));
    }

    /// <summary>One random cycle through <paramref name="entries"/> slots (Sattolo's algorithm), the same on every node and trial.</summary>
    public static int[] Cycle(int entries)
    {
        lock (CycleLock)
        {
            if (_cycle.TryGetTarget(out var cached) && cached.Length == entries) return cached;
            var c = new int[entries];
            for (var i = 0; i < entries; i++) c[i] = i;
            var rng = new Xoshiro256StarStar(20240601, threadSafe: false);
            for (var i = entries - 1; i > 0; i--)
            {
                var j = rng.Next(i);
                (c[i], c[j]) = (c[j], c[i]);
            }
            _cycle = new WeakReference<int[]>(c);
            return c;
        }
    }

    /// <summary>
    /// <paramref name="threads"/> chases around the same cycle from evenly spaced starting points, at once: the time
    /// of one dependent load while that many cores compete for the memory system. Steps and times are summed, so
    /// <see cref="Chase.NsPerStep"/> is the mean over the threads.
    /// </summary>
    public static Chase ChaseParallel(int[] next, int threads, double seconds, Func<bool> cancelled)
    {
        if (threads <= 1) return ChaseFrom(next, 0, seconds, cancelled);
        var per = new Chase[threads];
        Workers.RunAll("dream-mem-chase", threads,
            w => per[w] = ChaseFrom(next, (int)((long)next.Length * w / threads), seconds, cancelled), () => { });
        return new Chase(per.Sum(c => c.Steps), per.Sum(c => c.ElapsedS));
    }

    public static Chase ChaseOf(int[] next, double seconds, Func<bool> cancelled) => ChaseFrom(next, 0, seconds, cancelled);

    private static Chase ChaseFrom(int[] next, int from, double seconds, Func<bool> cancelled)
    {
        var start = Nanos.Now();
        var end = start + Nanos.FromSeconds(seconds);
        long steps = 0;
        var i = from;
        while (Nanos.Now() < end && !cancelled())
        {
            for (var k = 0; k < ChaseBatch; k++) i = next[i];
            steps += ChaseBatch;
        }
        Interlocked.Add(ref _sink, i);
        return new Chase(steps, Nanos.SecondsSince(start));
    }
}
