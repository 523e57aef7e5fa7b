using Dream.Trials.Probes;

namespace Dream.Trials.Tests.Probes;

/// <summary>The counter, rate and hwmon probes on a fake /sys and /proc.</summary>
public sealed class NodeCountersTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeSysTree _tree;
    private readonly FakeClock _clock = new();

    public NodeCountersTests() => _tree = new FakeSysTree(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static double Value(Readings r, string kpi) => ProbesTests.Value(r, kpi);

    [Fact]
    public void ContextSwitchesAndMajorFaultsArePerSecondOfTheTrial()
    {
        _tree.Write("/proc/stat", "cpu  1 2 3 4\nctxt 1000\nbtime 1\n").Write("/proc/vmstat", "pgfault 5\npgmajfault 40\n");
        var ctxt = RateProbe.ContextSwitches(_tree.SysRoot()).WithClock(_clock.Get).Open();
        var faults = RateProbe.MajorFaults(_tree.SysRoot()).WithClock(_clock.Get).Open();
        _clock.Set(2_000_000_000L);
        _tree.Write("/proc/stat", "cpu  1 2 3 4\nctxt 3000\n").Write("/proc/vmstat", "pgmajfault 50\n");
        Assert.Equal(1000.0, Value(ctxt.Sample(), "context_switches_per_s"), 9);
        Assert.Equal(5.0, Value(faults.Sample(), "major_faults_per_s"), 9);
        _clock.Set(4_000_000_000L);
        _tree.Write("/proc/stat", "ctxt 11000\n");
        Assert.Equal(4000.0, Value(ctxt.Sample(), "context_switches_per_s"), 9); // since the previous sample
        Assert.Equal(10000.0 / 4, Value(ctxt.Finish(), "context_switches_per_s"), 9); // over the whole phase
    }

    [Fact]
    public void TcpRetransmitsAreTheChangeOfRetransSegs()
    {
        const string header = "Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n";
        _tree.Write("/proc/net/snmp", header + "Tcp: 1 200 120000 -1 10 5 0 0 2 1000 900 77 0 3 0\nUdp: InDatagrams\nUdp: 4\n");
        var s = CounterProbe.TcpRetransmits(_tree.SysRoot()).Open();
        _tree.Write("/proc/net/snmp", header + "Tcp: 1 200 120000 -1 10 5 0 0 2 1000 900 80 0 3 0\n");
        Assert.Equal(3.0, Value(s.Finish(), "tcp_retransmits"));
    }

    [Fact]
    public void IoErrorsComeFromScsiCountersAndAreUnavailableWhereNoDiskKeepsOne()
    {
        var none = CounterProbe.IoErrors(_tree.Write("/sys/block/vda/queue/scheduler", "none").SysRoot()).Open().Finish();
        Assert.Contains("NVMe and virtio disks have no error counter", none.Unavailable["io_errors"]);
        _tree.Write("/sys/block/sda/device/ioerr_cnt", "0x2\n").Write("/sys/block/sdb/device/ioerr_cnt", "0x0\n");
        var s = CounterProbe.IoErrors(_tree.SysRoot()).Open();
        _tree.Write("/sys/block/sdb/device/ioerr_cnt", "0x1a\n");
        Assert.Equal(26.0, Value(s.Finish(), "io_errors"));
    }

    [Fact]
    public void EccErrorsComeFromEdacAndAreUnavailableWithoutIt()
    {
        var none = CounterProbe.EccUncorrected(_tree.SysRoot()).Open().Finish();
        Assert.Contains("EDAC", none.Unavailable["ecc_uncorrected_errors"]);
        _tree.Write("/sys/devices/system/edac/mc/mc0/ue_count", "1\n").Write("/sys/devices/system/edac/mc/mc1/ue_count", "0\n");
        var s = CounterProbe.EccUncorrected(_tree.SysRoot()).Open();
        Assert.Equal(0.0, Value(s.Sample(), "ecc_uncorrected_errors")); // an old error is not this trial's
        _tree.Write("/sys/devices/system/edac/mc/mc1/ue_count", "2\n");
        Assert.Equal(2.0, Value(s.Finish(), "ecc_uncorrected_errors"));
    }

    [Fact]
    public void DiskAndDimmTemperaturesComeOnlyFromTheirOwnChipsAndPeak()
    {
        _tree.Write("/sys/class/hwmon/hwmon0/name", "coretemp\n").Write("/sys/class/hwmon/hwmon0/temp1_input", "90000\n");
        var none = HwmonProbe.Dimms(_tree.SysRoot()).Open().Finish();
        Assert.Contains("jc42 or spd5118", none.Unavailable["dimm_temp_c"]);
        _tree.Write("/sys/class/hwmon/hwmon1/name", "nvme\n").Write("/sys/class/hwmon/hwmon1/temp1_input", "41850\n")
            .Write("/sys/class/hwmon/hwmon1/temp2_input", "44850\n")
            .Write("/sys/class/hwmon/hwmon2/name", "drivetemp\n").Write("/sys/class/hwmon/hwmon2/temp1_input", "38000\n");
        var s = HwmonProbe.Disks(_tree.SysRoot()).Open();
        Assert.Equal(44.85, Value(s.Sample(), "disk_temp_c"), 9); // the hottest disk sensor, not the CPU's
        _tree.Write("/sys/class/hwmon/hwmon1/temp2_input", "40000\n");
        Assert.Equal(44.85, Value(s.Finish(), "disk_temp_c"), 9); // the peak over the phase
    }
}
