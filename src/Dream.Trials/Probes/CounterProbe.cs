using System.Globalization;

namespace Dream.Trials.Probes;

/// <summary>
/// A counter KPI measured as its change during the trial phase, never as a since-boot total, so that one old
/// event does not mark every later candidate unsafe. Sample() gives the change since the phase began (what a cap
/// of max 0 must see at once); Finish() the same over the whole phase.
/// </summary>
public sealed class CounterProbe : IProbe
{
    private readonly string _kpi;
    private readonly string _source;
    private readonly Func<long> _reader;

    private CounterProbe(string kpi, string source, Func<long> reader)
    {
        _kpi = kpi;
        _source = source;
        _reader = reader;
        Kpis = new HashSet<string> { kpi };
    }

    /// <summary><c>thermal_throttle_events</c>: Σ over CPUs of <c>thermal_throttle/core_throttle_count</c>.</summary>
    public static CounterProbe ThermalThrottle(SysRoot root)
    {
        var cpus = root.Resolve("/sys/devices/system/cpu");
        return new CounterProbe("thermal_throttle_events",
            cpus + "/cpu*/thermal_throttle/core_throttle_count (Intel thermal throttle counters)",
            () =>
            {
                if (!Directory.Exists(cpus)) throw new NoSuchFileException(cpus);
                var files = SysRoot.List(cpus, @"cpu\d+")
                    .Select(p => Path.Combine(p, "thermal_throttle/core_throttle_count"))
                    .Where(SysRoot.Exists).ToList();
                if (files.Count == 0) throw new NoSuchFileException(cpus + "/cpu*/thermal_throttle/core_throttle_count");
                long sum = 0;
                foreach (var f in files) sum += SysRoot.ReadLong(f);
                return sum;
            });
    }

    /// <summary><c>oom_kills</c>: the <c>oom_kill</c> line of <c>/proc/vmstat</c> (Linux 4.13 and later).</summary>
    public static CounterProbe OomKills(SysRoot root)
    {
        var vmstat = root.Resolve("/proc/vmstat");
        return new CounterProbe("oom_kills", vmstat + " oom_kill (Linux 4.13 and later)", () =>
        {
            foreach (var line in SysRoot.Read(vmstat).Split('\n'))
            {
                var f = SysRoot.Fields(line);
                if (f.Length == 2 && f[0] == "oom_kill") return SysRoot.ParseLong(f[1]);
            }
            throw new NoSuchFileException(vmstat + " oom_kill line");
        });
    }

    /// <summary>
    /// <c>tcp_retransmits</c>: TCP segments retransmitted by this node (<c>RetransSegs</c> of the Tcp lines of
    /// <c>/proc/net/snmp</c>), all connections together.
    /// </summary>
    public static CounterProbe TcpRetransmits(SysRoot root)
    {
        var snmp = root.Resolve("/proc/net/snmp");
        return new CounterProbe("tcp_retransmits", snmp + " Tcp RetransSegs", () => SnmpField(SysRoot.Read(snmp), "Tcp", "RetransSegs"));
    }

    /// <summary>A field of /proc/net/snmp, where each protocol has a line of names followed by a line of values.</summary>
    internal static long SnmpField(string text, string protocol, string field)
    {
        var lines = text.Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith(protocol + ":", StringComparison.Ordinal) || !lines[i + 1].StartsWith(protocol + ":", StringComparison.Ordinal)) continue;
            var names = SysRoot.Fields(lines[i]);
            var values = SysRoot.Fields(lines[i + 1]);
            for (var k = 1; k < names.Length && k < values.Length; k++)
                if (names[k] == field) return SysRoot.ParseLong(values[k]);
        }
        throw new NoSuchFileException("/proc/net/snmp " + protocol + " " + field);
    }

    /// <summary>
    /// <c>io_errors</c>: I/O requests that completed with an error, summed over the block devices that count them:
    /// <c>/sys/block/&lt;dev&gt;/device/ioerr_cnt</c> (hex), kept by the SCSI layer for SCSI, SATA and USB disks. NVMe and
    /// virtio disks keep no such counter in sysfs: where no device has one, the KPI is unavailable with that reason.
    /// </summary>
    public static CounterProbe IoErrors(SysRoot root)
    {
        var block = root.Resolve("/sys/block");
        return new CounterProbe("io_errors",
            block + "/*/device/ioerr_cnt (kept by SCSI, SATA and USB disks only; NVMe and virtio disks have no error counter in sysfs)",
            () =>
            {
                if (!Directory.Exists(block)) throw new NoSuchFileException(block);
                long sum = 0;
                var found = 0;
                foreach (var dev in SysRoot.List(block, ".*"))
                {
                    var f = Path.Combine(dev, "device/ioerr_cnt");
                    if (!SysRoot.Exists(f)) continue;
                    var t = SysRoot.Read(f);
                    sum += t.StartsWith("0x", StringComparison.Ordinal)
                        ? long.Parse(t[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                        : SysRoot.ParseLong(t);
                    found++;
                }
                if (found == 0) throw new NoSuchFileException(block + "/*/device/ioerr_cnt");
                return sum;
            });
    }

    /// <summary>
    /// <c>ecc_uncorrected_errors</c>: uncorrected memory errors counted by the EDAC memory controllers
    /// (<c>/sys/devices/system/edac/mc/mc*/ue_count</c>). Without ECC memory, or without an EDAC driver, the KPI is
    /// unavailable with that reason.
    /// </summary>
    public static CounterProbe EccUncorrected(SysRoot root)
    {
        var mc = root.Resolve("/sys/devices/system/edac/mc");
        return new CounterProbe("ecc_uncorrected_errors", mc + "/mc*/ue_count (EDAC: needs ECC memory and its EDAC driver)", () =>
        {
            if (!Directory.Exists(mc)) throw new NoSuchFileException(mc);
            long sum = 0;
            var found = 0;
            foreach (var c in SysRoot.List(mc, @"mc\d+"))
            {
                var ue = Path.Combine(c, "ue_count");
                if (!SysRoot.Exists(ue)) continue;
                sum += SysRoot.ReadLong(ue);
                found++;
            }
            if (found == 0) throw new NoSuchFileException(mc + "/mc*/ue_count");
            return sum;
        });
    }

    public IReadOnlySet<string> Kpis { get; }

    public IProbeSession Open()
    {
        long[]? phaseStart = null;
        return DeltaSession.Begin(_kpi, NanoClock.Now, () => [_reader()], _source, (from, to, _) =>
        {
            phaseStart ??= from; // the phase's first reading: changes count from there
            return to[0] - phaseStart[0];
        });
    }
}
