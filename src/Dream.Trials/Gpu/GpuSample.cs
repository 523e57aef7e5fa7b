namespace Dream.Trials.Gpu;

/// <summary>
/// One reading of all GPUs, summed or maxed over them; a field no GPU reported is NaN (then its KPI is unavailable,
/// never a number).
/// </summary>
internal sealed record GpuSample(
    double PowerW, double TempC, double MemoryTempC, double UtilizationPct, double MemoryUsedMib, double SlowdownMask,
    double EccUncorrected)
{
    /// <summary>Throttle reasons that mean the GPU was slowed by heat or power delivery, not by a limit Dream set.</summary>
    internal const long Slowdown = 0x8L | 0x20L | 0x40L | 0x80L;

    internal static GpuSample Of(IReadOnlyList<IReadOnlyDictionary<string, string>> rows, string? throttleField)
    {
        double power = double.NaN, temp = double.NaN, memTemp = double.NaN, util = double.NaN, mem = double.NaN;
        double mask = double.NaN, ecc = double.NaN;
        foreach (var r in rows)
        {
            power = Sum(power, Get(r, "power.draw"));
            temp = Max(temp, Get(r, "temperature.gpu"));
            memTemp = Max(memTemp, Get(r, "temperature.memory"));
            util = Max(util, Get(r, "utilization.gpu"));
            mem = Sum(mem, Get(r, "memory.used"));
            var m = throttleField is null ? null : Get(r, throttleField);
            if (m is { } bits) mask = (double.IsNaN(mask) ? 0 : mask) + ((unchecked((long)(ulong)bits) & Slowdown) != 0 ? 1 : 0);
            ecc = Sum(ecc, Get(r, "ecc.errors.uncorrected.volatile.total"));
        }
        return new GpuSample(power, temp, memTemp, util, mem, mask, ecc);
    }

    private static double? Get(IReadOnlyDictionary<string, string> r, string field) =>
        NvidiaSmiCsv.Number(r.TryGetValue(field, out var v) ? v : null);

    private static double Sum(double acc, double? v) => v is not { } x ? acc : double.IsNaN(acc) ? x : acc + x;

    private static double Max(double acc, double? v) => v is not { } x ? acc : double.IsNaN(acc) ? x : Math.Max(acc, x);
}
