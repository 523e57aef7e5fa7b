using Dream.Trials.Workloads;
using Dream.Trials.Workloads.Builtin;

namespace Dream.Trials.Tests.Workloads.Builtin;

public sealed class LatenciesTests
{
    [Fact]
    public void PercentilesComeFromTheRecordedOperations()
    {
        var a = new Latencies();
        var b = new Latencies();
        for (var us = 1; us <= 1000; us++) (us % 2 == 0 ? a : b).Record(us * 1000L);
        a.Add(b);
        Assert.Equal(1000, a.Count());
        // HdrHistogram with 3 significant digits: within 0.1 %.
        Assert.Equal(0.500, a.PercentileMs(50), 0.001);
        Assert.Equal(0.950, a.PercentileMs(95), 0.001);
        Assert.Equal(0.990, a.PercentileMs(99), 0.001);
        Assert.True(double.IsNaN(new Latencies().PercentileMs(95)));
    }

    [Fact]
    public void WorkersRecordApartAndAreMergedOnceJoined()
    {
        var per = new Latencies.PerWorker(3);
        Workers.RunAll("test-latencies", 3, w =>
        {
            var l = per.Of(w);
            for (var i = 1; i <= 100; i++) l.Record((w * 100L + i) * 1000L);
        }, () => { });
        var all = per.Merged();
        Assert.Equal(300, all.Count());
        Assert.Equal(0.150, all.PercentileMs(50), 0.001);
        Assert.Equal(0, new Latencies.PerWorker(2).Merged().Count()); // workers that never started record nothing
    }

    [Fact]
    public void ThePercentileKpisAreUnavailableWithoutAnOperation()
    {
        Assert.True(new HashSet<string> { "iops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms" }.SetEquals(Latencies.WithPercentiles("iops")));
        var none = new Latencies().PutPercentiles(new WorkloadResult.Builder(), "no operation completed").Build();
        Assert.Empty(none.Kpis);
        Assert.Equal("no operation completed", none.Unavailable["p95_latency_ms"]);
        var one = new Latencies();
        one.Record(2_000_000);
        Assert.Equal(2.0, one.PutPercentiles(new WorkloadResult.Builder(), "x").Build().Kpis["p99_latency_ms"], 0.002);
    }

    [Fact]
    public void AFailingWorkerStopsTheOthersAndItsFailureIsRethrown()
    {
        var stopped = 0;
        var e = Assert.Throws<InvalidOperationException>(() => Workers.RunAll("test-fail", 2, w =>
        {
            if (w == 0) throw new InvalidOperationException("worker 0 broke");
            while (Volatile.Read(ref stopped) == 0) Thread.Sleep(1);
        }, () => Volatile.Write(ref stopped, 1)));
        Assert.Equal("worker 0 broke", e.Message);
    }
}
