using Dream.Trials.Probes;

namespace Dream.Trials.Tests.Probes;

public sealed class ProbesTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeSysTree _tree;
    private readonly FakeClock _clock = new();

    public ProbesTests() => _tree = new FakeSysTree(_dir.Path);

    public void Dispose() => _dir.Dispose();

    internal static double Value(Readings r, string kpi)
    {
        Assert.True(r.Values.ContainsKey(kpi), r.ToString());
        return r.Values[kpi];
    }

    [Fact]
    public void CpuUtilizationIsTheBusyShareOfTheJiffiesBetweenReadings()
    {
        _tree.Write("/proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n");
        var s = new CpuUtilizationProbe(_tree.SysRoot()).Open();
        // +150 user +50 system +500 idle +100 iowait: busy 200 of 800.
        _tree.Write("/proc/stat", "cpu  250 0 150 1200 200 0 0 0 0 0\n");
        Assert.Equal(25.0, Value(s.Sample(), "cpu_util_pct"), 9);
        _tree.Write("/proc/stat", "cpu  450 0 150 1200 200 0 0 0 0 0\n");
        Assert.Equal(100.0, Value(s.Sample(), "cpu_util_pct"), 9);
        Assert.Equal(400.0 / 1000 * 100, Value(s.Finish(), "cpu_util_pct"), 9);
    }

    [Fact]
    public void ACounterThatDidNotMoveGivesNoUtilizationRatherThanAGuess()
    {
        _tree.Write("/proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\n");
        var s = new CpuUtilizationProbe(_tree.SysRoot()).Open();
        Assert.Empty(s.Sample().Values);
        Assert.Contains("no change", s.Finish().Unavailable["cpu_util_pct"]);
    }

    [Fact]
    public void AMissingFileMakesTheKpiUnavailableWithTheReason()
    {
        var r = new CpuUtilizationProbe(_tree.SysRoot()).Open().Finish();
        Assert.Empty(r.Values);
        Assert.Contains("/proc/stat does not exist", r.Unavailable["cpu_util_pct"]);
        var p = new PressureProbe(_tree.SysRoot(), "io").Open().Finish();
        Assert.Contains("CONFIG_PSI", p.Unavailable["io_pressure_pct"]);
    }

    [Fact]
    public void PressureIsTheStalledShareOfWallClockTime()
    {
        _tree.Write("/proc/pressure/memory", "some avg10=9.00 avg60=1.00 avg300=0.50 total=1000000\nfull avg10=0 avg60=0 avg300=0 total=5\n");
        var s = new PressureProbe(_tree.SysRoot(), "memory", _clock.Get).Open();
        _clock.Add(2_000_000_000L); // 2 s, of which 0.5 s stalled
        _tree.Write("/proc/pressure/memory", "some avg10=9.00 avg60=1.00 avg300=0.50 total=1500000\nfull avg10=0 avg60=0 avg300=0 total=9\n");
        Assert.Equal(25.0, Value(s.Sample(), "memory_pressure_pct"), 9);
        _clock.Add(2_000_000_000L);
        Assert.Equal(0.0, Value(s.Sample(), "memory_pressure_pct"), 9);
        Assert.Equal(12.5, Value(s.Finish(), "memory_pressure_pct"), 9);
    }

    [Fact]
    public void CpuTemperatureIsTheHottestCpuSensorAndItsPeakOverThePhase()
    {
        _tree.Write("/sys/class/hwmon/hwmon0/name", "coretemp\n")
            .Write("/sys/class/hwmon/hwmon0/temp1_input", "45000\n")
            .Write("/sys/class/hwmon/hwmon0/temp2_input", "52000\n")
            .Write("/sys/class/hwmon/hwmon1/name", "nvme\n")
            .Write("/sys/class/hwmon/hwmon1/temp1_input", "70000\n")
            .Write("/sys/class/thermal/thermal_zone0/type", "acpitz\n")
            .Write("/sys/class/thermal/thermal_zone0/temp", "80000\n");
        var s = new TemperatureProbe(_tree.SysRoot()).Open();
        Assert.Equal(52.0, Value(s.Sample(), "cpu_temp_c"));
        _tree.Write("/sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n").Write("/sys/class/thermal/thermal_zone1/temp", "61500\n");
        Assert.Equal(61.5, Value(s.Sample(), "cpu_temp_c"));
        _tree.Write("/sys/class/thermal/thermal_zone1/temp", "40000\n");
        Assert.Equal(52.0, Value(s.Sample(), "cpu_temp_c"));
        Assert.Equal(61.5, Value(s.Finish(), "cpu_temp_c"));
    }

    [Fact]
    public void WithoutAKnownCpuSensorTheHottestSensorIsUsed()
    {
        _tree.Write("/sys/class/hwmon/hwmon3/name", "nvme\n").Write("/sys/class/hwmon/hwmon3/temp1_input", "70000\n")
            .Write("/sys/class/thermal/thermal_zone0/type", "acpitz\n").Write("/sys/class/thermal/thermal_zone0/temp", "30000\n");
        Assert.Equal(70.0, Value(new TemperatureProbe(_tree.SysRoot()).Open().Sample(), "cpu_temp_c"));
        var empty = new FakeSysTree(_dir.Resolve("empty"));
        Assert.Contains("no temperature sensor", new TemperatureProbe(empty.SysRoot()).Open().Finish().Unavailable["cpu_temp_c"]);
    }

    [Fact]
    public void PackagePowerSumsPackagesAndSurvivesTheCounterWrapping()
    {
        const long range = 262143328850L;
        _tree.Write("/sys/class/powercap/intel-rapl:0/name", "package-0\n")
            .Write("/sys/class/powercap/intel-rapl:0/max_energy_range_uj", range + "\n")
            .Write("/sys/class/powercap/intel-rapl:0/energy_uj", (range - 1_000_000) + "\n")
            .Write("/sys/class/powercap/intel-rapl:0:0/name", "core\n")
            .Write("/sys/class/powercap/intel-rapl:0:0/max_energy_range_uj", range + "\n")
            .Write("/sys/class/powercap/intel-rapl:0:0/energy_uj", "0\n")
            .Write("/sys/class/powercap/intel-rapl:1/name", "package-1\n")
            .Write("/sys/class/powercap/intel-rapl:1/max_energy_range_uj", range + "\n")
            .Write("/sys/class/powercap/intel-rapl:1/energy_uj", "5000000\n");
        var s = new RaplProbe(_tree.SysRoot(), _clock.Get).Open();
        _clock.Add(500_000_000L);
        // package-0 wraps: 1 J to the top, then 4 J more; package-1 +5 J; the core sub-zone is not a package.
        _tree.Write("/sys/class/powercap/intel-rapl:0/energy_uj", "4000000\n")
            .Write("/sys/class/powercap/intel-rapl:0:0/energy_uj", "99000000\n")
            .Write("/sys/class/powercap/intel-rapl:1/energy_uj", "10000000\n");
        Assert.Equal(10.0 / 0.5, Value(s.Sample(), "package_power_w"), 9);
        _clock.Add(1_500_000_000L);
        _tree.Write("/sys/class/powercap/intel-rapl:1/energy_uj", "40000000\n");
        Assert.Equal(40.0 / 2.0, Value(s.Finish(), "package_power_w"), 9);
        Assert.Equal(150, RaplProbe.Delta(range - 100, 50, range));
    }

    [Fact]
    public void UnreadableRaplSaysWhy()
    {
        Assert.Contains("powercap", new RaplProbe(_tree.SysRoot()).Open().Finish().Unavailable["package_power_w"]);
        Assert.Contains("permission denied", RaplProbe.Reason(new AccessDeniedException("/sys/class/powercap/intel-rapl:0/energy_uj")));
    }

    [Fact]
    public void ThrottleEventsAreTheChangeDuringThePhaseNotTheSinceBootTotal()
    {
        _tree.Write("/sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "5\n")
            .Write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "7\n")
            .Write("/sys/devices/system/cpu/cpufreq/policy0/x", "");
        var s = CounterProbe.ThermalThrottle(_tree.SysRoot()).Open();
        Assert.Equal(0.0, Value(s.Sample(), "thermal_throttle_events"));
        _tree.Write("/sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "9\n");
        Assert.Equal(2.0, Value(s.Sample(), "thermal_throttle_events"));
        Assert.Equal(2.0, Value(s.Sample(), "thermal_throttle_events"));
        Assert.Equal(2.0, Value(s.Finish(), "thermal_throttle_events"));
    }

    [Fact]
    public void OomKillsAreTheChangeOfTheVmstatCounter()
    {
        _tree.Write("/proc/vmstat", "nr_free_pages 1\noom_kill 3\npgfault 9\n");
        var s = CounterProbe.OomKills(_tree.SysRoot()).Open();
        _tree.Write("/proc/vmstat", "nr_free_pages 1\noom_kill 4\npgfault 9\n");
        Assert.Equal(1.0, Value(s.Finish(), "oom_kills"));
        _tree.Write("/proc/vmstat", "nr_free_pages 1\n");
        Assert.Contains("4.13", CounterProbe.OomKills(_tree.SysRoot()).Open().Finish().Unavailable["oom_kills"]);
    }

    [Fact]
    public void NodeClassIsAStableHashOfModelCpusMemoryAndKernel()
    {
        _tree.Write("/proc/cpuinfo", "processor\t: 0\nmodel name\t: Intel(R) Xeon(R)  Gold 6338\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R)  Gold 6338\n")
            .Write("/proc/meminfo", "MemTotal:       16303412 kB\nMemFree: 1 kB\n")
            .Write("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        var c = NodeClass.Detect(_tree.SysRoot());
        Assert.Equal("Intel(R) Xeon(R) Gold 6338", c.CpuModel);
        Assert.Equal(2, c.Cpus);
        Assert.Equal(16, c.MemoryGib);
        Assert.Equal("6.1.0-18-amd64", c.KernelRelease);
        Assert.Matches("^[0-9a-f]{12}$", c.Id);
        // A few MiB less after a reboot is the same class; another kernel is not.
        _tree.Write("/proc/meminfo", "MemTotal:       16290000 kB\n");
        Assert.Equal(c, NodeClass.Detect(_tree.SysRoot()));
        _tree.Write("/proc/sys/kernel/osrelease", "6.1.0-19-amd64\n");
        Assert.NotEqual(c.Id, NodeClass.Detect(_tree.SysRoot()).Id);
    }

    [Fact]
    public void ThisMachineHasANodeClass()
    {
        var c = NodeClass.Detect(new SysRoot("/"));
        Assert.True(c.Cpus > 0);
        Assert.NotEqual("unknown", c.KernelRelease);
    }

    [Fact]
    public void AProbeThatThrowsInSpiteOfItsContractMakesOnlyItsKpisUnavailable()
    {
        _tree.Write("/proc/vmstat", "oom_kill 3\n");
        var g = ProbeGroup.Open([new ThrowingProbe(), CounterProbe.OomKills(_tree.SysRoot())]);
        var r = g.Finish();
        Assert.Equal(0.0, Value(r, "oom_kills"));
        Assert.Contains("probe ThrowingProbe failed", r.Unavailable["broken_kpi"]);
    }

    [Fact]
    public void AValueReadByOneProbeWinsOverAnothersReasonForNotReadingIt()
    {
        var merged = Readings.NotAvailable("k", "no sensor").Merge(Readings.Of("k", 3)).Merge(Readings.NotAvailable("j", "no file"));
        Assert.Equal(3.0, merged.Values["k"]);
        Assert.False(merged.Unavailable.ContainsKey("k"));
        Assert.Equal("no file", merged.Unavailable["j"]);
    }

    private sealed class ThrowingProbe : IProbe
    {
        public IReadOnlySet<string> Kpis { get; } = new HashSet<string> { "broken_kpi" };

        public IProbeSession Open() => throw new InvalidOperationException("boom");
    }
}
