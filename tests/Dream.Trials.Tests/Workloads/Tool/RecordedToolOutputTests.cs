using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads.Tool;

namespace Dream.Trials.Tests.Workloads.Tool;

/// <summary>The stress-ng, fio and iperf3 parsers on outputs recorded from the real tools (Trials/data/recorded/README.md).</summary>
public sealed class RecordedToolOutputTests
{
    [Fact]
    public void StressNgYamlGivesTheRealTimeBogoOpsRate()
    {
        var r = StressNgMetrics.Parse(Recorded.Read("stress-ng/stress-ng-cpu-matrixprod.yaml"));
        Assert.Equal(296.888086, r.Kpis["throughput_ops"], 1e-9);
        Assert.Equal(921.0, r.Kpis["bogo_ops"]);
        Assert.Equal(296.888086, r.Kpis["cpu_bogo_ops_per_s"], 1e-9);
    }

    [Fact]
    public void StressNgWithTwoStressorsSumsTheirRatesAndKeepsEachOne()
    {
        var r = StressNgMetrics.Parse(Recorded.Read("stress-ng/stress-ng-cpu-switch-brief.yaml"));
        Assert.Equal(362.429126 + 55470.587663, r.Kpis["throughput_ops"], 1e-6);
        Assert.Equal(1088.0 + 166479.0, r.Kpis["bogo_ops"]);
        Assert.Equal(362.429126, r.Kpis["cpu_bogo_ops_per_s"], 1e-9);
        Assert.Equal(55470.587663, r.Kpis["switch_bogo_ops_per_s"], 1e-9);
    }

    [Fact]
    public void StressNgWithoutMetricsIsAnErrorNotAZero()
    {
        var e = Assert.Throws<IOException>(() => StressNgMetrics.Parse(Recorded.Read("stress-ng/stress-ng-vm-nometrics.yaml")));
        Assert.Contains("no metrics", e.Message);
        var garbage = Assert.Throws<IOException>(() => StressNgMetrics.Parse("metrics: [ {"));
        Assert.Contains("not readable", garbage.Message);
    }

    [Fact]
    public void FioRandomReadWriteSumsBothDirectionsAndTakesTheWorsePercentile()
    {
        var r = FioResult.Parse(Recorded.Read("fio/fio-randrw-psync-direct.json"));
        Assert.Equal(5077.974009 + 5071.642786, r.Kpis["iops"], 1e-6);
        Assert.Equal(5077.974009, r.Kpis["read_iops"], 1e-9);
        Assert.Equal(5071.642786, r.Kpis["write_iops"], 1e-9);
        Assert.Equal(41.572829, r.Kpis["mb_per_s"], 1e-6);
        Assert.Equal(0.051456, r.Kpis["p50_latency_ms"], 1e-9);
        Assert.Equal(0.091648, r.Kpis["p95_latency_ms"], 1e-9);
        Assert.Equal(0.96256, r.Kpis["p99_latency_ms"], 1e-9);
    }

    [Fact]
    public void FioGroupReportedJobsAndSeparateJobs()
    {
        var grouped = FioResult.Parse(Recorded.Read("fio/fio-write-2jobs-grouped.json"));
        Assert.Equal(4114.808652, grouped.Kpis["iops"], 1e-6);
        Assert.Equal(0.0, grouped.Kpis["read_iops"]);
        Assert.Equal(4314.689597, grouped.Kpis["mb_per_s"], 1e-6);
        Assert.Equal(10.420224, grouped.Kpis["p99_latency_ms"], 1e-9);
        var two = FioResult.Parse(Recorded.Read("fio/fio-two-jobs.json"));
        Assert.Equal(8939.680957, two.Kpis["read_iops"], 1e-6);
        Assert.Equal(73185.27668, two.Kpis["write_iops"], 1e-6);
        Assert.Equal(0.109056, two.Kpis["p95_latency_ms"], 1e-9);
    }

    [Fact]
    public void FioJobErrorsAndGarbageAreErrors()
    {
        // A variant changed in memory, as the recordings' README says: the job's error set to ENOSPC.
        var failed = Recorded.Read("fio/fio-randrw-psync-direct.json").Replace("\"error\" : 0", "\"error\" : 28", StringComparison.Ordinal);
        var e = Assert.Throws<IOException>(() => FioResult.Parse(failed));
        Assert.Contains("no space left on device", e.Message);
        var none = Assert.Throws<IOException>(() => FioResult.Parse(Recorded.Read("fio/fio-error.stderr")));
        Assert.Contains("no JSON", none.Message);
    }

    [Fact]
    public void Iperf3TcpGivesReceiverThroughputRetransmitsAndRtt()
    {
        var r = Iperf3Result.Parse(Recorded.Read("iperf3/iperf3-tcp-loopback.json"));
        Assert.Equal(6666.561544255914, r.Kpis["throughput_mbps"], 1e-9);
        Assert.Equal(4.0, r.Kpis["tcp_retransmits"]);
        Assert.Equal(0.425, r.Kpis["mean_rtt_ms"], 1e-12);
        Assert.Contains("not the latency", r.Unavailable["p95_latency_ms"]);
        var two = Iperf3Result.Parse(Recorded.Read("iperf3/iperf3-tcp-loopback-2streams.json"));
        Assert.Equal(6084.600400875993, two.Kpis["throughput_mbps"], 1e-9);
        Assert.Equal(16.0, two.Kpis["tcp_retransmits"]);
        Assert.Equal((1529 + 1597) / 2.0 / 1000, two.Kpis["mean_rtt_ms"], 1e-12);
    }

    [Fact]
    public void Iperf3UdpGivesTheReceiversJitterAndLoss()
    {
        var r = Iperf3Result.Parse(Recorded.Read("iperf3/iperf3-udp-loopback.json"));
        Assert.Equal(96.06275949608827, r.Kpis["throughput_mbps"], 1e-9);
        Assert.Equal(0.0446700805037426, r.Kpis["jitter_ms"], 1e-15);
        Assert.Equal(3.9318479685452163, r.Kpis["lost_pct"], 1e-12);
        Assert.False(r.Kpis.ContainsKey("tcp_retransmits"));
    }

    [Fact]
    public void Iperf3ReportsAFailedConnectionInItsJsonWithExitStatusZero()
    {
        var e = Assert.Throws<IOException>(() => Iperf3Result.Parse(Recorded.Read("iperf3/iperf3-connection-refused.json")));
        Assert.Equal("iperf3: unable to connect to server: Connection refused", e.Message);
    }

    [Fact]
    public void ToolArgsFindOptionsInBothSpellings()
    {
        Assert.True(ToolArgs.Has(["--runtime=5"], "--runtime"));
        Assert.True(ToolArgs.Has(["-t", "5"], "-t"));
        Assert.False(ToolArgs.Has(["--filename_format=x"], "--filename"));
        Assert.Equal("host", ToolArgs.Value(["-P", "2", "-c", "host"], "-c", "--client"));
        Assert.Equal("h2", ToolArgs.Value(["--client=h2"], "-c", "--client"));
    }

    [Fact]
    public void StressNgGetsTheTimeoutTheYamlFileAndMetricsUnlessAMetricsOptionIsGiven()
    {
        Assert.Equal(["stress-ng", "--cpu", "1", "--timeout", "2s", "--yaml", "/s/y.yaml", "--metrics"],
            StressNgWorkload.Command(["--cpu", "1"], 2, "/s/y.yaml"));
        Assert.Equal(["stress-ng", "--cpu", "1", "--metrics-brief", "--timeout", "1s", "--yaml", "/s/y.yaml"],
            StressNgWorkload.Command(["--cpu", "1", "--metrics-brief"], 1, "/s/y.yaml"));
        Assert.Equal(["stress-ng", "--cpu", "1", "--timeout", "3s"], StressNgWorkload.Command(["--cpu", "1"], 3, null));
        Assert.Equal(2, ToolArgs.WholeSeconds("x", 1.5, "duration_s"));
        Assert.Equal(1, ToolArgs.WholeSeconds("x", 0.2, "duration_s"));
        Assert.Throws<ArgumentException>(() => ToolArgs.WholeSeconds("x", 0, "duration_s"));
    }
}
