namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// <c>builtin-cpu</c>: <see cref="CpuEngine"/> on <c>round(threads × util)</c> workers (at least one) at duty cycle
/// <c>load</c>.
/// <para>
/// Parameters (regime or <c>workload-arg</c> knob): <c>threads</c> (default: the processors available to the
/// process), <c>util</c> in (0, 1], the fraction of those threads that work (default 1), <c>load</c> in (0, 1], each
/// worker's busy fraction (default 1), <c>kernel</c>, the operation (<see cref="ICpuKernel"/>: hash, matmul or sort;
/// default hash), <c>period_ms</c>, the duty-cycle period (default 10). KPIs: <c>throughput_ops</c> (operations per
/// second), <c>p50/p95/p99_latency_ms</c> of the operations.
/// </para>
/// </summary>
public sealed class CpuWorkload : IWorkload
{
    public const string Throughput = "throughput_ops";

    internal sealed record Setup(int Workers, double Load, long PeriodNs, string Kernel)
    {
        public static Setup From(Params p, int defaultThreads)
        {
            var threads = p.Integer("threads", defaultThreads, 1, 4096);
            var util = p.Number("util", 1.0, 1e-9, 1.0);
            var load = p.Number("load", 1.0, 1e-9, 1.0);
            var periodMs = p.Number("period_ms", 10, 0.1, 10_000);
            var workers = (int)Math.Max(1, Math.Round(threads * util, MidpointRounding.AwayFromZero));
            return new Setup(workers, load, (long)(periodMs * 1e6), p.String("kernel", "hash")!);
        }
    }

    public IReadOnlySet<string> Kpis => Latencies.WithPercentiles(Throughput);

    public void WarmUp(WorkloadContext ctx)
    {
        var s = Setup.From(ctx.Param(), Environment.ProcessorCount);
        CpuEngine.Run(s.Kernel, s.Workers, s.Load, s.PeriodNs, ctx.WarmupS(), ctx.Cancelled);
    }

    public WorkloadResult Run(WorkloadContext ctx)
    {
        var s = Setup.From(ctx.Param(), Environment.ProcessorCount);
        var r = CpuEngine.Run(s.Kernel, s.Workers, s.Load, s.PeriodNs, ctx.DurationS(), ctx.Cancelled);
        return KpisOf(r, new WorkloadResult.Builder()).Build();
    }

    internal static WorkloadResult.Builder KpisOf(CpuEngine.Result r, WorkloadResult.Builder b)
    {
        var none = $"no CPU operation completed in {r.ElapsedS} s";
        b.Put(Throughput, r.Ops > 0 && r.ElapsedS > 0 ? r.Ops / r.ElapsedS : double.NaN, none);
        return r.Latencies.PutPercentiles(b, none);
    }
}
