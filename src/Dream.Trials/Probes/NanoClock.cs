using System.Diagnostics;

namespace Dream.Trials.Probes;

/// <summary>A monotonic clock in nanoseconds (Java's <c>System.nanoTime</c>); probes take it as a <c>Func&lt;long&gt;</c> so tests can drive time.</summary>
internal static class NanoClock
{
    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    public static long Now() => (long)(Stopwatch.GetTimestamp() * NsPerTick);
}
