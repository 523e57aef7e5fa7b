using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>The monotonic clock in nanoseconds, and a pause of sub-millisecond precision (Thread.Sleep rounds to milliseconds).</summary>
internal static class Nanos
{
    private static readonly double TicksToNanos = 1e9 / Stopwatch.Frequency;

    public static long Now()
    {
        var t = Stopwatch.GetTimestamp();
        return Stopwatch.Frequency == 1_000_000_000 ? t : (long)(t * TicksToNanos);
    }

    public static double SecondsSince(long start) => (Now() - start) / 1e9;

    public static long FromSeconds(double seconds) => seconds <= 0 || double.IsNaN(seconds) ? 0 : (long)Math.Min(seconds * 1e9, long.MaxValue / 4.0);

    /// <summary>Parks the calling thread for about <paramref name="nanos"/> nanoseconds.</summary>
    public static void Park(long nanos)
    {
        if (nanos <= 0) return;
        if (OperatingSystem.IsLinux())
        {
            var ts = new Timespec { Seconds = nanos / 1_000_000_000, Nanoseconds = nanos % 1_000_000_000 };
            nanosleep(ref ts, IntPtr.Zero); // an early return (EINTR) only shortens one pause of a duty cycle
            return;
        }
        Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, nanos / 100)));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int nanosleep(ref Timespec req, IntPtr rem);
}
