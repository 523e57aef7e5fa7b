package dev.dream.trials.gpu;

import java.util.List;
import java.util.Map;

/**
 * One reading of all GPUs, summed or maxed over them; a field no GPU reported is NaN (then its KPI is
 * unavailable, never a number).
 */
record GpuSample(
    double powerW, double tempC, double memoryTempC, double utilizationPct, double memoryUsedMib, double slowdownMask,
    double eccUncorrected) {

  /** Throttle reasons that mean the GPU was slowed by heat or power delivery, not by a limit Dream set. */
  static final long SLOWDOWN = 0x8L | 0x20L | 0x40L | 0x80L;

  static GpuSample of(List<Map<String, String>> rows, String throttleField) {
    double power = Double.NaN, temp = Double.NaN, memTemp = Double.NaN, util = Double.NaN, mem = Double.NaN;
    double mask = Double.NaN, ecc = Double.NaN;
    for (Map<String, String> r : rows) {
      power = sum(power, NvidiaSmiCsv.number(r.get("power.draw")));
      temp = max(temp, NvidiaSmiCsv.number(r.get("temperature.gpu")));
      memTemp = max(memTemp, NvidiaSmiCsv.number(r.get("temperature.memory")));
      util = max(util, NvidiaSmiCsv.number(r.get("utilization.gpu")));
      mem = sum(mem, NvidiaSmiCsv.number(r.get("memory.used")));
      Double m = throttleField == null ? null : NvidiaSmiCsv.number(r.get(throttleField));
      if (m != null) mask = (Double.isNaN(mask) ? 0 : mask) + (((long) (double) m & SLOWDOWN) != 0 ? 1 : 0);
      ecc = sum(ecc, NvidiaSmiCsv.number(r.get("ecc.errors.uncorrected.volatile.total")));
    }
    return new GpuSample(power, temp, memTemp, util, mem, mask, ecc);
  }

  private static double sum(double acc, Double v) {
    if (v == null) return acc;
    return Double.isNaN(acc) ? v : acc + v;
  }

  private static double max(double acc, Double v) {
    if (v == null) return acc;
    return Double.isNaN(acc) ? v : Math.max(acc, v);
  }
}
