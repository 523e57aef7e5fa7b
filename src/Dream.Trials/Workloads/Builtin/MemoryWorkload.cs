namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// <c>builtin-memory</c>: copy bandwidth over a <c>size_mb</c> array (default 256 MiB) and the latency of dependent
/// loads around a <c>chase_mb</c> cycle (default 64 MiB, beyond most last-level caches). <c>pattern</c> picks what
/// the measured time is spent on: <c>bandwidth</c>, <c>latency</c>, or <c>mixed</c> (default: the first half
/// bandwidth, the second half latency). <c>threads</c> (default 1) threads copy (each its own slice of the array)
/// or chase (from different points of the cycle) at once. KPIs: <c>bandwidth_mb_s</c> (MB = 10^6 bytes, read +
/// written), <c>latency_ns</c> (mean time of one dependent load); a KPI its pattern does not measure is unavailable
/// with that reason. The buffers are allocated and touched in the warm-up.
/// </summary>
public sealed class MemoryWorkload : IWorkload
{
    public const string Bandwidth = "bandwidth_mb_s";
    public const string Latency = "latency_ns";
    private static readonly IReadOnlySet<string> Measured = new HashSet<string> { Bandwidth, Latency };
    private static readonly IReadOnlySet<string> Patterns = new HashSet<string> { "bandwidth", "latency", "mixed" };

    private long[]? _buffer;
    private int[]? _cycle;

    public IReadOnlySet<string> Kpis => Measured;

    private sealed record Setup(string Pattern, int Threads)
    {
        public static Setup From(Params p)
        {
            var pattern = p.String("pattern", "mixed")!;
            if (!Patterns.Contains(pattern))
                throw new ArgumentException($"workload builtin-memory: pattern must be bandwidth, latency or mixed, got {pattern}");
            return new Setup(pattern, (int)p.Integer("threads", 1, 1, 1024));
        }
    }

    public void WarmUp(WorkloadContext ctx)
    {
        var start = Nanos.Now();
        var s = SetUp(ctx.Param());
        var left = ctx.WarmupS() - Nanos.SecondsSince(start);
        if (left <= 0) return;
        if (s.Pattern == "latency") MemoryEngine.ChaseParallel(_cycle!, s.Threads, left, ctx.Cancelled);
        else MemoryEngine.BandwidthOf(_buffer!, s.Threads, left, ctx.Cancelled);
    }

    private Setup SetUp(Params p)
    {
        var s = Setup.From(p);
        if (_buffer is not null || _cycle is not null) return s;
        var sizeMb = p.Integer("size_mb", 256, 1, 16_384);
        var chaseMb = p.Integer("chase_mb", 64, 1, 8_192);
        if (s.Pattern != "latency") _buffer = MemoryEngine.Buffer(sizeMb << 20);
        if (s.Pattern != "bandwidth") _cycle = MemoryEngine.Cycle((int)((chaseMb << 20) / 4));
        return s;
    }

    public WorkloadResult Run(WorkloadContext ctx)
    {
        var s = SetUp(ctx.Param());
        var b = new WorkloadResult.Builder();
        var bwTime = s.Pattern switch
        {
            "bandwidth" => ctx.DurationS(),
            "latency" => 0,
            _ => ctx.DurationS() / 2,
        };
        if (s.Pattern != "latency")
        {
            var bw = MemoryEngine.BandwidthOf(_buffer!, s.Threads, bwTime, ctx.Cancelled);
            b.Put(Bandwidth, bw.MbPerS(), $"no copy completed in {bw.ElapsedS} s");
        }
        else
        {
            b.Unavailable(Bandwidth, "pattern latency measures load latency only");
        }
        if (s.Pattern != "bandwidth")
        {
            var ch = MemoryEngine.ChaseParallel(_cycle!, s.Threads, ctx.DurationS() - bwTime, ctx.Cancelled);
            b.Put(Latency, ch.NsPerStep(), $"no pointer chase completed in {ch.ElapsedS} s");
        }
        else
        {
            b.Unavailable(Latency, "pattern bandwidth measures copy bandwidth only");
        }
        return b.Build();
    }

    public void Close()
    {
        _buffer = null;
        _cycle = null;
    }
}
