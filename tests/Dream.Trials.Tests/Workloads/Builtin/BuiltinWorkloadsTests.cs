using Dream.Core.Domain;
using Dream.Trials.Tests.Trials;
using Dream.Trials.Workloads;
using Dream.Trials.Workloads.Builtin;

namespace Dream.Trials.Tests.Workloads.Builtin;

/// <summary>Each builtin workload run for real as the executor runs it, with short durations (the figures are not asserted).</summary>
public sealed class BuiltinWorkloadsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dream-builtin-").FullName;
    private readonly DomainSpec _domain = Fixtures.Domain("bench",
        [Fixtures.IntKnob("threads", 1, 8, 1), Fixtures.FloatKnob("util", 0.25, 1, 0.25, 1)], new Dictionary<string, Kpi>());

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, true);
        }
        catch (IOException)
        {
        }
    }

    private string Scratch => Path.Combine(_data, "scratch");

    private WorkloadHarness.Outcome Run(WorkloadSpec w, double warmup, double duration, TimeSpan? cancelAfter = null)
    {
        var spec = WorkloadHarness.Trial(_domain, Fixtures.Genome("threads", 2L, "util", 1.0), w, warmup, duration);
        var ctx = WorkloadHarness.Context(spec, Scratch);
        return WorkloadHarness.Run(WorkloadRegistry.Standard().Create(w), ctx, cancelAfter);
    }

    private static void AssertPercentilesOrdered(WorkloadResult r)
    {
        double a = r.Kpis["p50_latency_ms"], b = r.Kpis["p95_latency_ms"], c = r.Kpis["p99_latency_ms"];
        Assert.True(a > 0 && a <= b && b <= c, string.Join(", ", r.Kpis));
    }

    private static void AssertKeys(IEnumerable<string> expected, WorkloadResult r) =>
        Assert.Equal(expected.Order(), r.Kpis.Keys.Order());

    [Fact]
    public void CpuReportsThroughputAndLatencyPercentiles()
    {
        var r = Run(Fixtures.Workload("builtin-cpu", "load", 0.5), 0.1, 0.3).Ok();
        AssertKeys(["throughput_ops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms"], r);
        Assert.True(r.Kpis["throughput_ops"] > 0);
        AssertPercentilesOrdered(r);
    }

    [Fact]
    public void WorkerCountComesFromThreadsTimesUtilWithKnobsOverRegimeDefaults()
    {
        static Params P(params object[] kv) => new(Fixtures.Map(kv), "t");
        Assert.Equal(2, CpuWorkload.Setup.From(P("threads", 8L, "util", 0.25), 4).Workers);
        Assert.Equal(1, CpuWorkload.Setup.From(P("threads", 1L, "util", 0.25), 4).Workers);
        Assert.Equal(4, CpuWorkload.Setup.From(P(), 4).Workers);
        Assert.Equal(0.3, CpuWorkload.Setup.From(P("load", 0.3), 4).Load);
    }

    [Fact]
    public void ParametersOutOfRangeOrOfTheWrongTypeNameTheParameter()
    {
        var p = new Params(Fixtures.Map("threads", 0L, "util", "all", "load", 2.0, "n", 3.0), "workload builtin-cpu");
        Assert.Contains("parameter threads must be in [1, 4096], got 0", Assert.Throws<ArgumentException>(() => p.Integer("threads", 1, 1, 4096)).Message);
        Assert.Contains("parameter util must be a number", Assert.Throws<ArgumentException>(() => p.Number("util", 1)).Message);
        Assert.Contains("parameter load must be in", Assert.Throws<ArgumentException>(() => p.Number("load", 1, 0, 1)).Message);
        Assert.Equal(3, p.Integer("n", 0, 0, 10)); // a whole double is an integer
    }

    [Fact]
    public void AZeroLengthTrialMeasuresNothingAndSaysSo()
    {
        var r = Run(Fixtures.Workload("builtin-cpu"), 0, 0).Ok();
        Assert.Empty(r.Kpis);
        Assert.StartsWith("no CPU operation completed", r.Unavailable["throughput_ops"]);
    }

    [Fact]
    public void MemoryReportsBandwidthAndLatency()
    {
        var r = Run(Fixtures.Workload("builtin-memory", "size_mb", 8, "chase_mb", 4), 0, 0.4).Ok();
        Assert.True(r.Kpis["bandwidth_mb_s"] > 0);
        Assert.True(r.Kpis["latency_ns"] > 0);
    }

    [Fact]
    public void TheChaseCycleVisitsEverySlot()
    {
        var next = MemoryEngine.Cycle(1000);
        var seen = new bool[1000];
        var i = 0;
        for (var k = 0; k < 1000; k++)
        {
            Assert.False(seen[i], $"slot {i} visited twice");
            seen[i] = true;
            i = next[i];
        }
        Assert.Equal(0, i);
        Assert.Equal(next, MemoryEngine.Cycle(1000)); // the same on every node and trial
    }

    [Fact]
    public void StorageReportsIopsThroughputAndLatencyAndCleansUp()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_data, "disk")).FullName;
        var r = Run(Fixtures.Workload("builtin-storage", "file_size_mb", 2, "dir", dir), 0.1, 0.3).Ok();
        Assert.Equal(r.Kpis["iops"] * 4096 / 1e6, r.Kpis["mb_per_s"], 1e-9);
        AssertPercentilesOrdered(r);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        // Without a dir it writes into the trial's scratch directory, and leaves nothing there.
        Run(Fixtures.Workload("builtin-storage", "file_size_mb", 1), 0, 0.2).Ok();
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void NetworkReportsRequestRateAndLatency()
    {
        var r = Run(Fixtures.Workload("builtin-network", "connections", 2), 0.1, 0.3).Ok();
        Assert.True(r.Kpis["requests_per_s"] > 0);
        // Payload in both directions: 2 x 64 bytes x 8 bits per request.
        Assert.Equal(r.Kpis["requests_per_s"] * 2 * 64 * 8 / 1e6, r.Kpis["throughput_mbps"], 1e-9);
        AssertPercentilesOrdered(r);
    }

    [Fact]
    public void NetworkSharesConnectionsAmongFewerThreadsAndTakesThePayloadSize()
    {
        var r = Run(Fixtures.Workload("builtin-network", "connections", 4, "threads", 2, "payload_bytes", 1000), 0, 0.3).Ok();
        Assert.Equal(r.Kpis["requests_per_s"] * 2 * 1000 * 8 / 1e6, r.Kpis["throughput_mbps"], 1e-9);
    }

    [Fact]
    public void EveryCpuKernelRunsAndAnUnknownOneFailsTheTrialWithTheChoices()
    {
        foreach (var kernel in new[] { "hash", "matmul", "sort" })
        {
            var r = Run(Fixtures.Workload("builtin-cpu", "kernel", kernel, "threads", 1), 0, 0.2).Ok();
            Assert.True(r.Kpis["throughput_ops"] > 0, kernel);
        }
        var bad = Run(Fixtures.Workload("builtin-cpu", "kernel", "fft"), 0, 0.2).Failed();
        Assert.Contains("hash, matmul or sort", bad.Message);
    }

    [Fact]
    public void TheKernelsComputeDifferentThings()
    {
        var h = ICpuKernel.Create("hash").Step(1);
        var m = ICpuKernel.Create("matmul").Step(1);
        var s = ICpuKernel.Create("sort").Step(1);
        Assert.Equal(3, new HashSet<long> { h, m, s }.Count);
        Assert.Equal(h, ICpuKernel.Create("hash").Step(1)); // a kernel is a function of its input and its own state
    }

    [Fact]
    public void MemoryPatternsMeasureWhatTheySayAndSayWhatTheyDoNot()
    {
        var bw = Run(Fixtures.Workload("builtin-memory", "size_mb", 8, "pattern", "bandwidth", "threads", 2), 0, 0.2).Ok();
        Assert.True(bw.Kpis["bandwidth_mb_s"] > 0);
        Assert.Contains("pattern bandwidth", bw.Unavailable["latency_ns"]);
        var lat = Run(Fixtures.Workload("builtin-memory", "chase_mb", 4, "pattern", "latency", "threads", 2), 0, 0.2).Ok();
        Assert.True(lat.Kpis["latency_ns"] > 0);
        Assert.Contains("pattern latency", lat.Unavailable["bandwidth_mb_s"]);
    }

    [Fact]
    public void StoragePatternsAndThreads()
    {
        Assert.Equal(1.0, StorageWorkload.ReadFraction("read"));
        Assert.Equal(0.0, StorageWorkload.ReadFraction("write"));
        Assert.Equal(0.5, StorageWorkload.ReadFraction("randrw"));
        var r = Run(Fixtures.Workload("builtin-storage", "file_size_mb", 2, "pattern", "write", "fsync", false, "threads", 2), 0, 0.2).Ok();
        Assert.True(r.Kpis["iops"] > 0);
        var bad = Run(Fixtures.Workload("builtin-storage", "file_size_mb", 1, "pattern", "sequential"), 0, 0.1).Failed();
        Assert.Contains("read, write or randrw", bad.Message);
        var fsync = Run(Fixtures.Workload("builtin-storage", "file_size_mb", 1, "fsync", "yes"), 0, 0.1).Failed();
        Assert.Contains("fsync must be true or false", fsync.Message);
    }

    [Fact]
    public void AValueTheRegimeWritesOutStaysAndAKnobFillsOnlyWhatTheRegimeLeavesOpenOrNamesAsPlaceholder()
    {
        // threads knob = 2, util 1.0: the idle-like regime's threads: 1 stays 1 worker.
        var g = Fixtures.Genome("threads", 2L, "util", 1.0);
        var knobArgs = new Dictionary<string, object> { ["threads"] = 2L };
        object ThreadsOf(WorkloadSpec w) =>
            new WorkloadContext(WorkloadHarness.Trial(_domain, g, w, 0, 0), knobArgs, new Dictionary<string, string>(), null, null).Params["threads"];
        Assert.Equal(1L, ThreadsOf(Fixtures.Workload("builtin-cpu", "threads", 1)));
        Assert.Equal(2L, ThreadsOf(Fixtures.Workload("builtin-cpu")));
        Assert.Equal(2L, ThreadsOf(Fixtures.Workload("builtin-cpu", "threads", "{threads}")));
        Run(Fixtures.Workload("builtin-cpu", "threads", "{threads}"), 0, 0).Ok();
    }

    [Fact]
    public void MixedReportsCpuAndMemoryKpis()
    {
        var r = Run(Fixtures.Workload("builtin-mixed", "size_mb", 8, "threads", 1), 0, 0.3).Ok();
        AssertKeys(["throughput_ops", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "bandwidth_mb_s"], r);
    }

    /// <summary>A cap breach cancels the trial: every builtin must return (not hang) and stop what it started.</summary>
    [Fact]
    public void EveryBuiltinStopsWhenTheTrialIsCancelled()
    {
        foreach (var kind in new[] { "builtin-cpu", "builtin-memory", "builtin-storage", "builtin-network", "builtin-mixed" })
        {
            var w = Fixtures.Workload(kind, "size_mb", 8, "chase_mb", 4, "file_size_mb", 2, "connections", 2, "threads", 1);
            var o = Run(w, 0, 3600, cancelAfter: TimeSpan.FromMilliseconds(300));
            Assert.True(o.Cancelled, kind);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    /// <summary>Where the file system takes O_DIRECT, the kernel shows it among the open file's flags; where not, plain I/O still works.</summary>
    [Fact]
    public void TheStorageFileIsOpenedForDirectIoWhereTheFileSystemAllows()
    {
        var path = Path.Combine(_data, "block");
        File.WriteAllBytes(path, new byte[2 * BlockFile.Alignment]);
        using var f = BlockFile.Open(path, tryDirect: true);
        if (f.Direct && OperatingSystem.IsLinux())
        {
            var fd = (int)f.Handle.DangerousGetHandle();
            var flags = File.ReadAllLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("flags:", StringComparison.Ordinal));
            var octal = Convert.ToInt64(flags["flags:".Length..].Trim(), 8);
            var direct = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 ? 0x4000 : 0x10000;
            Assert.NotEqual(0, octal & direct);
        }
        var raw = GC.AllocateArray<byte>(2 * BlockFile.Alignment, pinned: true);
        var address = (long)System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(raw, 0);
        var skip = (int)((BlockFile.Alignment - address % BlockFile.Alignment) % BlockFile.Alignment);
        var block = raw.AsSpan(skip, BlockFile.Alignment);
        block.Fill(7);
        RandomAccess.Write(f.Handle, (ReadOnlySpan<byte>)block, BlockFile.Alignment);
        f.DataSync();
        block.Clear();
        Assert.Equal(BlockFile.Alignment, RandomAccess.Read(f.Handle, block, BlockFile.Alignment));
        Assert.Equal(7, block[100]);
    }
}
