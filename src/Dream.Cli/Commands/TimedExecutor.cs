#if true
using System.Diagnostics;
using Dream.Trials;

namespace Dream.Cli.Commands;

/// <summary>
/// Wraps the real executor to see how much time the trials spent inside the executor itself (probes, knobs, the
/// workload), and how long the runner had no trial at all between the first and the last (with one slot: the round
/// trip from one trial's end to the next one's start).
/// </summary>
public sealed class TimedExecutor : ITrialExecutor
{
    /// <summary>Idle stretches at least this long are counted apart: the pipeline had no trial ready (a generation's end, say).</summary>
    public static readonly long LongGapTicks = Stopwatch.Frequency / 200; // 5 ms

    private readonly ITrialExecutor inner;
    private readonly object gate = new();
    private long runs;
    private long ticksInside;
    private int active;
    private long idleSince = -1;
    private long ticksIdle;
    private long ticksIdleLong;
    private long gapsLong;

    public TimedExecutor(ITrialExecutor inner) => this.inner = inner;

    public TrialResult Run(TrialSpec spec)
    {
        var t0 = Stopwatch.GetTimestamp();
        lock (gate)
        {
            if (active++ == 0 && idleSince >= 0)
            {
                ticksIdle += t0 - idleSince;
                if (t0 - idleSince >= LongGapTicks)
                {
                    ticksIdleLong += t0 - idleSince;
                    gapsLong++;
                }
            }
        }
        try
        {
            return inner.Run(spec);
        }
        finally
        {
            var t1 = Stopwatch.GetTimestamp();
            lock (gate)
            {
                ticksInside += t1 - t0;
                runs++;
                if (--active == 0) idleSince = t1;
            }
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Idle stretches of 5 ms or more: how many.</summary>
    public long LongGaps() { lock (gate) return gapsLong; }

    /// <summary>Idle stretches of 5 ms or more: their milliseconds in all.</summary>
    public double LongGapsMs() { lock (gate) return Ms(ticksIdleLong); }

    public double MeanMsInside() { lock (gate) return runs == 0 ? 0 : Ms(ticksInside) / runs; }

    /// <summary>Milliseconds per trial during which no trial ran, between the first trial's start and the last one's end.</summary>
    public double IdleMsPerTrial() { lock (gate) return runs == 0 ? 0 : Ms(ticksIdle) / runs; }
}
#endif
