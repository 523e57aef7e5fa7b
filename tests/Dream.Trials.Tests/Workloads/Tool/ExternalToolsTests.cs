using Dream.Core.Domain;
using Dream.Trials.Processes;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;

namespace Dream.Trials.Tests.Workloads.Tool;

/// <summary>
/// stress-ng, fio and iperf3 run for real, for a second or two each. Each test is skipped, saying so, where its tool
/// is not installed (apt-get install stress-ng fio iperf3); the parsing of their outputs is tested on recordings in
/// RecordedToolOutputTests either way.
/// </summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class ExternalToolsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-tools-").FullName;
    private readonly DomainSpec _domain = Fixtures.Domain("tools", [Fixtures.IntKnob("threads", 1, 8, 1)], new Dictionary<string, Kpi>());

    private string Scratch => Path.Combine(_data, "scratch");

    public void Dispose()
    {
        try
        {
            Assert.Empty(ToolLeftovers(3000)); // nothing a trial started may outlive it
        }
        finally
        {
            try
            {
                Directory.Delete(_data, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// The tools' processes below this test process that still run after <paramref name="ms"/>. Other test classes
    /// run in parallel and start processes of their own, so only the tools these tests start are counted.
    /// </summary>
    private static IReadOnlyList<int> ToolLeftovers(long ms)
    {
        var end = Environment.TickCount64 + ms;
        while (true)
        {
            var left = ProcessWatch.Descendants(Environment.ProcessId).Where(p => ProcessWatch.Running(p) && IsTool(p)).ToList();
            if (left.Count == 0 || Environment.TickCount64 >= end) return left;
            Thread.Sleep(20);
        }
    }

    private static bool IsTool(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.StartsWith("stress-ng", StringComparison.Ordinal) || comm is "fio" or "iperf3";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private WorkloadHarness.Outcome Run(WorkloadRegistry registry, WorkloadSpec w, double warmup, double duration, TimeSpan? cancelAfter = null)
    {
        var spec = WorkloadHarness.Trial(_domain, Fixtures.Genome("threads", 1L), w, warmup, duration);
        // Each run in a scratch directory of its own, which the executor would remove after the trial.
        var ctx = WorkloadHarness.Context(spec, Path.Combine(Scratch, Guid.NewGuid().ToString("N")));
        return WorkloadHarness.Run(registry.Create(w), ctx, cancelAfter);
    }

    [ToolFact("stress-ng")]
    public void StressNgRunsAndItsBogoOpsRateIsTheThroughput()
    {
        var w = Fixtures.Workload("stress-ng", "args", new List<object> { "--cpu", "{threads}", "--cpu-method", "matrixprod" });
        var r = Run(WorkloadRegistry.Standard(), w, 1, 1).Ok();
        Assert.True(r.Kpis["throughput_ops"] > 0, string.Join(", ", r.Kpis));
        Assert.Contains("stress-ng measures throughput", r.Unavailable["p95_latency_ms"]);
    }

    [ToolFact("stress-ng")]
    public void StressNgIsKilledWithItsWorkersWhenTheTrialIsCancelled()
    {
        var w = Fixtures.Workload("stress-ng", "args", new List<object> { "--cpu", "2" });
        var o = Run(WorkloadRegistry.Standard(), w, 0, 60, cancelAfter: TimeSpan.FromSeconds(1));
        Assert.True(o.Cancelled);
        Assert.Empty(ToolLeftovers(3000)); // stress-ng and its workers are gone once the trial has ended
    }

    [Fact]
    public void AMissingToolIsANodeErrorNotAZero()
    {
        var none = WorkloadRegistry.Standard(Tools.OnPath(Path.Combine(_data, "empty-path")));
        foreach (var kind in new[] { "stress-ng", "fio", "iperf3" })
        {
            var o = Run(none, Fixtures.Workload(kind, "args", new List<object> { "--help" }), 0, 1);
            var e = o.Failed();
            Assert.IsType<ToolMissingException>(e);
            Assert.Contains(kind + " is not installed on this node", e.Message);
            Assert.Null(o.Result);
        }
    }

    [Fact]
    public void OptionsDreamSetsItselfOrThatRunOtherProgramsAreRefused()
    {
        var registry = WorkloadRegistry.Standard();
        var t = Run(registry, Fixtures.Workload("stress-ng", "args", new List<object> { "--cpu", "1", "--timeout", "600" }), 0, 1).Failed();
        Assert.Contains("--timeout is not allowed", t.Message);
        var f = Run(registry, Fixtures.Workload("fio", "args", new List<object> { "--name=x", "--exec_prerun=touch /tmp/x" }), 0, 1).Failed();
        Assert.Contains("--exec_prerun is not allowed", f.Message);
        var job = Run(registry, Fixtures.Workload("fio", "args", new List<object> { "/etc/some.fio" }), 0, 1).Failed();
        Assert.Contains("job files are not accepted", job.Message);
        var format = Run(registry, Fixtures.Workload("fio", "args", new List<object> { "--name=x", "--output-format=terse" }), 0, 1).Failed();
        Assert.Contains("Dream reads fio's JSON output", format.Message);
        var i = Run(registry, Fixtures.Workload("iperf3", "args", new List<object> { "-s" }), 0, 1).Failed();
        Assert.Contains("-s is not allowed", i.Message);
        var port = Run(registry, Fixtures.Workload("iperf3", "args", new List<object> { "-p", "5201" }), 0, 1).Failed();
        Assert.Contains("only allowed together with -c HOST", port.Message);
    }

    [ToolFact("fio")]
    public void FioRunsTimeBasedAndItsIopsBandwidthAndPercentilesAreParsed()
    {
        var w = Fixtures.Workload("fio", "args", new List<object> { "--name=t", "--rw=randrw", "--bs=4k", "--size=8M", "--ioengine=psync" });
        var r = Run(WorkloadRegistry.Standard(), w, 0.5, 1).Ok();
        Assert.True(r.Kpis["iops"] > 0, string.Join(", ", r.Kpis));
        // 4 KiB per operation (fio's own iops and bytes agree within rounding).
        Assert.Equal(r.Kpis["iops"] * 4096 / 1e6, r.Kpis["mb_per_s"], r.Kpis["mb_per_s"] * 0.05);
        Assert.True(r.Kpis["p95_latency_ms"] > 0);
    }

    [ToolFact("iperf3")]
    public void Iperf3RunsOverLoopbackAgainstItsOwnOneOffServer()
    {
        var w = Fixtures.Workload("iperf3", "args", new List<object> { "-P", "2" });
        var r = Run(WorkloadRegistry.Standard(), w, 1, 1).Ok();
        Assert.True(r.Kpis["throughput_mbps"] > 0, string.Join(", ", r.Kpis));
        Assert.True(r.Kpis["tcp_retransmits"] >= 0);
        Assert.Contains("iperf3 measures throughput", r.Unavailable["p95_latency_ms"]);
    }
}
