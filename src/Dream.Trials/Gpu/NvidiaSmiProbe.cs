using Dream.Trials.Probes;

namespace Dream.Trials.Gpu;

/// <summary>
/// NVIDIA GPU readings from <c>nvidia-smi --query-gpu</c>, over all GPUs of the node: <c>gpu_power_w</c> (power.draw
/// summed over GPUs, mean over the phase), <c>gpu_temp_c</c> and <c>gpu_memory_temp_c</c> (hottest GPU, peak),
/// <c>gpu_utilization_pct</c> (busiest GPU, mean), <c>gpu_memory_used_mib</c> (summed, peak), <c>gpu_slowdown_pct</c>
/// (share of samples in which some GPU was slowed by a hardware slowdown, thermal slowdown or power brake:
/// throttle-reason bits 0x8, 0x20, 0x40, 0x80; the software power cap is left out, since a lowered power limit
/// causes it by design) and <c>gpu_ecc_uncorrected_errors</c> (the change of the volatile uncorrected ECC count
/// during the phase).
/// The throttle field is <c>clocks_event_reasons.active</c> on current drivers and <c>clocks_throttle_reasons.active</c>
/// on older ones, and nvidia-smi refuses a whole query that names a field it does not know, so the first session
/// finds out which one works. Where nvidia-smi is missing or fails, or a GPU reports "[N/A]" for a field, those
/// KPIs are unavailable with the reason.
/// </summary>
public sealed class NvidiaSmiProbe(NvidiaSmi smi) : IProbe
{
    public const string Power = "gpu_power_w";
    public const string Temp = "gpu_temp_c";
    public const string MemoryTemp = "gpu_memory_temp_c";
    public const string Utilization = "gpu_utilization_pct";
    public const string MemoryUsed = "gpu_memory_used_mib";
    public const string Slowdown = "gpu_slowdown_pct";
    public const string Ecc = "gpu_ecc_uncorrected_errors";

    internal static readonly IReadOnlyList<string> Base =
    [
        "index", "power.draw", "temperature.gpu", "temperature.memory", "utilization.gpu", "memory.used",
        "ecc.errors.uncorrected.volatile.total",
    ];

    internal static readonly IReadOnlyList<string> ThrottleFields = ["clocks_event_reasons.active", "clocks_throttle_reasons.active"];

    private static readonly IReadOnlyList<string> AllKpis = [Power, Temp, MemoryTemp, Utilization, MemoryUsed, Slowdown, Ecc];

    private volatile string? _throttleField; // null until known; "" when neither name works

    public IReadOnlySet<string> Kpis { get; } = new HashSet<string>(AllKpis);

    /// <summary>One reading of every GPU.</summary>
    internal GpuSample Read()
    {
        if (_throttleField is null)
        {
            foreach (var f in ThrottleFields)
            {
                try
                {
                    var s = GpuSample.Of(smi.Query(null, Fields(f)), f);
                    _throttleField = f;
                    return s;
                }
                catch (IOException)
                {
                    if (!smi.Installed()) throw;
                    // this driver does not know the field (or nvidia-smi fails anyway, which the next try shows)
                }
            }
            _throttleField = "";
        }
        var field = _throttleField.Length == 0 ? null : _throttleField;
        return GpuSample.Of(smi.Query(null, Fields(field)), field);
    }

    private static List<string> Fields(string? throttle)
    {
        var output = new List<string>(Base);
        if (throttle is not null) output.Add(throttle);
        return output;
    }

    public IProbeSession Open() => new Session(this);

    private sealed class Session : IProbeSession
    {
        private readonly NvidiaSmiProbe _probe;
        private string? _failure;
        private int _samples;
        private double _powerSum;
        private int _powerN;
        private double _utilSum;
        private int _utilN;
        private double _tempPeak = double.NaN;
        private double _memTempPeak = double.NaN;
        private double _memPeak = double.NaN;
        private int _slowed;
        private int _maskN;
        private double _eccFirst = double.NaN;
        private GpuSample? _last;

        public Session(NvidiaSmiProbe probe)
        {
            _probe = probe;
            if (!probe.Installed()) _failure = probe.MissingReason();
        }

        private GpuSample? Take()
        {
            if (_failure is not null) return null;
            try
            {
                var s = _probe.Read();
                _samples++;
                if (!double.IsNaN(s.PowerW))
                {
                    _powerSum += s.PowerW;
                    _powerN++;
                }
                if (!double.IsNaN(s.UtilizationPct))
                {
                    _utilSum += s.UtilizationPct;
                    _utilN++;
                }
                _tempPeak = Peak(_tempPeak, s.TempC);
                _memTempPeak = Peak(_memTempPeak, s.MemoryTempC);
                _memPeak = Peak(_memPeak, s.MemoryUsedMib);
                if (!double.IsNaN(s.SlowdownMask))
                {
                    _maskN++;
                    if (s.SlowdownMask > 0) _slowed++;
                }
                if (double.IsNaN(_eccFirst)) _eccFirst = s.EccUncorrected;
                _last = s;
                return s;
            }
            catch (IOException e)
            {
                _failure = e.Message;
                return null;
            }
        }

        public Readings Sample()
        {
            var s = Take();
            if (s is null) return All(_failure!);
            var v = new Dictionary<string, double>();
            var u = new Dictionary<string, string>();
            Put(v, u, Power, s.PowerW);
            Put(v, u, Temp, s.TempC);
            Put(v, u, MemoryTemp, s.MemoryTempC);
            Put(v, u, Utilization, s.UtilizationPct);
            Put(v, u, MemoryUsed, s.MemoryUsedMib);
            Put(v, u, Slowdown, double.IsNaN(s.SlowdownMask) ? double.NaN : s.SlowdownMask > 0 ? 100 : 0);
            Put(v, u, Ecc, double.IsNaN(s.EccUncorrected) || double.IsNaN(_eccFirst) ? double.NaN : s.EccUncorrected - _eccFirst);
            return new Readings(v, u);
        }

        public Readings Finish()
        {
            Take();
            if (_failure is not null && _samples == 0) return All(_failure);
            var v = new Dictionary<string, double>();
            var u = new Dictionary<string, string>();
            Put(v, u, Power, _powerN > 0 ? _powerSum / _powerN : double.NaN);
            Put(v, u, Temp, _tempPeak);
            Put(v, u, MemoryTemp, _memTempPeak);
            Put(v, u, Utilization, _utilN > 0 ? _utilSum / _utilN : double.NaN);
            Put(v, u, MemoryUsed, _memPeak);
            Put(v, u, Slowdown, _maskN > 0 ? 100.0 * _slowed / _maskN : double.NaN);
            Put(v, u, Ecc, _last is null || double.IsNaN(_eccFirst) || double.IsNaN(_last.EccUncorrected)
                ? double.NaN : _last.EccUncorrected - _eccFirst);
            return new Readings(v, u);
        }

        private void Put(Dictionary<string, double> v, Dictionary<string, string> u, string kpi, double value)
        {
            if (!double.IsNaN(value)) v[kpi] = value;
            else u[kpi] = Reason(kpi);
        }

        private string Reason(string kpi)
        {
            if (_failure is not null) return "nvidia-smi failed: " + _failure;
            return kpi switch
            {
                Slowdown => "nvidia-smi reports no throttle reasons on this driver",
                Ecc => "nvidia-smi reports no ECC counts for these GPUs (ECC off or not supported)",
                MemoryTemp => "nvidia-smi reports no memory temperature for these GPUs",
                _ => "nvidia-smi reported no value for " + kpi + " ([N/A] on these GPUs)",
            };
        }

        private static Readings All(string why) =>
            new(new Dictionary<string, double>(), AllKpis.Select(k => new KeyValuePair<string, string>(k, why)));

        private static double Peak(double acc, double v) => double.IsNaN(v) ? acc : double.IsNaN(acc) ? v : Math.Max(acc, v);
    }

    private bool Installed() => smi.Installed();

    private string MissingReason() => smi.MissingReason();
}
