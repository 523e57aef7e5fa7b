namespace Dream.Trials.Probes;

/// <summary>
/// A temperature KPI from the hwmon sensors of particular chips (<c>/sys/class/hwmon/hwmon*</c>: a chip's <c>name</c>,
/// its <c>temp*_input</c> in millidegrees): the hottest now in Sample(), the peak over the phase in Finish().
/// <c>disk_temp_c</c>: the NVMe driver's "nvme" chips and the "drivetemp" driver of SATA disks; <c>dimm_temp_c</c>:
/// the SPD sensors of memory modules, "jc42" (DDR4) and "spd5118" (DDR5). A machine without such chips reports the
/// KPI unavailable, naming what it looked for.
/// </summary>
public sealed class HwmonProbe : IProbe
{
    private readonly string _kpi;
    private readonly IReadOnlySet<string> _chips;
    private readonly string _hwmon;

    public HwmonProbe(SysRoot root, string kpi, IEnumerable<string> chips)
    {
        _kpi = kpi;
        _chips = new HashSet<string>(chips);
        _hwmon = root.Resolve("/sys/class/hwmon");
        Kpis = new HashSet<string> { kpi };
    }

    public static HwmonProbe Disks(SysRoot root) => new(root, "disk_temp_c", ["nvme", "drivetemp"]);

    public static HwmonProbe Dimms(SysRoot root) => new(root, "dimm_temp_c", ["jc42", "spd5118"]);

    public IReadOnlySet<string> Kpis { get; }

    internal IReadOnlyList<string> Sensors()
    {
        var output = new List<string>();
        foreach (var chip in SysRoot.List(_hwmon, @"hwmon\d+"))
        {
            var name = Path.Combine(chip, "name");
            if (!SysRoot.Exists(name) || !_chips.Contains(SysRoot.Read(name))) continue;
            output.AddRange(SysRoot.List(chip, @"temp\d+_input"));
        }
        return output;
    }

    internal double Read()
    {
        var sensors = Sensors();
        if (sensors.Count == 0)
            throw new NoSuchFileException("no hwmon chip named " + string.Join(" or ", _chips.Order(StringComparer.Ordinal)) + " under " + _hwmon);
        var max = double.NaN;
        Exception? last = null;
        foreach (var f in sensors)
        {
            try
            {
                var c = SysRoot.ReadLong(f) / 1000.0;
                if (double.IsNaN(max) || c > max) max = c;
            }
            catch (IOException e)
            {
                last = e; // a sleeping drive may refuse a reading; the others still count
            }
        }
        if (double.IsNaN(max)) throw last!;
        return max;
    }

    public IProbeSession Open() => new PeakSession(_kpi, _kpi, Read);
}
