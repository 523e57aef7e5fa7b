using HdrHistogram;

namespace Dream.Trials.Workloads.Builtin;

/// <summary>
/// Per-operation latencies in nanoseconds, one histogram per worker thread (HdrHistogram is not thread-safe, see
/// <see cref="PerWorker"/>), merged at the end. Percentiles therefore come from every real operation, not a model.
/// </summary>
internal sealed class Latencies
{
    public const string P50 = "p50_latency_ms";
    public const string P95 = "p95_latency_ms";
    public const string P99 = "p99_latency_ms";

    /// <summary>HdrHistogram.NET does not grow: one hour is beyond any single operation; longer ones count as an hour.</summary>
    private const long Highest = 3_600_000_000_000L;

    private readonly LongHistogram _histogram = new(Highest, 3);

    public void Record(long nanos) => _histogram.RecordValue(Math.Clamp(nanos, 0, Highest));

    public void Add(Latencies other) => _histogram.Add(other._histogram);

    public long Count() => _histogram.TotalCount;

    /// <summary>The <paramref name="p"/>-th percentile in milliseconds, NaN when nothing was recorded.</summary>
    public double PercentileMs(double p) => Count() == 0 ? double.NaN : _histogram.GetValueAtPercentile(p) / 1e6;

    /// <summary>The KPIs of a workload that times its operations: its own, and the percentiles of their latency.</summary>
    public static IReadOnlySet<string> WithPercentiles(params string[] kpis) => new HashSet<string>(kpis) { P50, P95, P99 };

    /// <summary>p50, p95 and p99 in milliseconds; without any operation they are unavailable for reason <paramref name="none"/>.</summary>
    public WorkloadResult.Builder PutPercentiles(WorkloadResult.Builder b, string none) =>
        b.Put(P50, PercentileMs(50), none).Put(P95, PercentileMs(95), none).Put(P99, PercentileMs(99), none);

    /// <summary>
    /// The latencies of a group of worker threads: each records into its own histogram, and they are merged once
    /// the workers have been joined.
    /// </summary>
    public sealed class PerWorker(int count)
    {
        private readonly Latencies?[] _workers = new Latencies?[count];

        /// <summary>Worker <paramref name="w"/>'s histogram; only that worker's thread records into it.</summary>
        public Latencies Of(int w) => _workers[w] = new Latencies();

        /// <summary>Every worker's latencies together (call after joining the workers).</summary>
        public Latencies Merged()
        {
            var all = new Latencies();
            foreach (var l in _workers)
                if (l is not null) all.Add(l);
            return all;
        }
    }
}
