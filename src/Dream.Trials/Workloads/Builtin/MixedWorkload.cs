namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// <c>builtin-mixed</c>: the CPU kernel on its workers and one thread copying memory, at the same time, so that
/// compute competes with memory traffic for caches and bandwidth. Parameters as for builtin-cpu (threads default:
/// available processors − 1, at least 1) plus <c>size_mb</c> (default 256). KPIs: those of builtin-cpu and
/// <c>bandwidth_mb_s</c>.
/// </summary>
public sealed class MixedWorkload : IWorkload
{
    private long[]? _buffer;

    public IReadOnlySet<string> Kpis => Latencies.WithPercentiles(CpuWorkload.Throughput, MemoryWorkload.Bandwidth);

    public void WarmUp(WorkloadContext ctx) => SetUpWarmUp.Run(ctx, () => SetUp(ctx), seconds => Both(ctx, seconds));

    private void SetUp(WorkloadContext ctx) =>
        _buffer ??= MemoryEngine.Buffer(ctx.Param().Integer("size_mb", 256, 1, 16_384) << 20);

    public WorkloadResult Run(WorkloadContext ctx)
    {
        SetUp(ctx);
        return Both(ctx, ctx.DurationS());
    }

    private WorkloadResult Both(WorkloadContext ctx, double seconds)
    {
        var defaultThreads = Math.Max(1, Environment.ProcessorCount - 1);
        var s = CpuWorkload.Setup.From(ctx.Param(), defaultThreads);
        ICpuKernel.Create(s.Kernel); // fail before the memory thread starts, not after it has copied for the whole duration
        var buffer = _buffer!;
        MemoryEngine.Bandwidth? bw = null;
        var memory = new Thread(() =>
        {
            try
            {
                bw = MemoryEngine.BandwidthOf(buffer, seconds, ctx.Cancelled);
            }
            catch (Exception)
            {
                // Reported below as "the memory thread failed".
            }
        })
        { Name = "dream-mixed-memory", IsBackground = true };
        memory.Start();
        CpuEngine.Result cpu;
        try
        {
            cpu = CpuEngine.Run(s.Kernel, s.Workers, s.Load, s.PeriodNs, seconds, ctx.Cancelled);
        }
        finally
        {
            memory.Join();
        }
        var b = CpuWorkload.KpisOf(cpu, new WorkloadResult.Builder());
        if (bw is null) b.Unavailable(MemoryWorkload.Bandwidth, "the memory thread failed");
        else b.Put(MemoryWorkload.Bandwidth, bw.MbPerS(), $"no copy completed in {bw.ElapsedS} s");
        return b.Build();
    }

    public void Close() => _buffer = null;
}
