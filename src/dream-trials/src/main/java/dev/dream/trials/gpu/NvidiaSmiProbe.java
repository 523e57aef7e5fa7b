package dev.dream.trials.gpu;

import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Readings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NVIDIA GPU readings from {@code nvidia-smi --query-gpu}, over all GPUs of the node: {@code gpu_power_w}
 * (power.draw summed over GPUs, mean over the phase), {@code gpu_temp_c} and {@code gpu_memory_temp_c}
 * (hottest GPU, peak), {@code gpu_utilization_pct} (busiest GPU, mean), {@code gpu_memory_used_mib}
 * (summed, peak), {@code gpu_slowdown_pct} (share of samples in which some GPU was slowed by a hardware
 * slowdown, thermal slowdown or power brake: throttle-reason bits 0x8, 0x20, 0x40, 0x80; the software power
 * cap is left out, since a lowered power limit causes it by design) and {@code gpu_ecc_uncorrected_errors}
 * (the change of the volatile uncorrected ECC count during the phase).
 *
 * <p>The throttle field is {@code clocks_event_reasons.active} on current drivers and
 * {@code clocks_throttle_reasons.active} on older ones, and nvidia-smi refuses a whole query that names a
 * field it does not know, so the first session finds out which one works. Where nvidia-smi is missing or
 * fails, or a GPU reports "[N/A]" for a field, those KPIs are unavailable with the reason.
 */
public final class NvidiaSmiProbe implements Probe {
  public static final String POWER = "gpu_power_w";
  public static final String TEMP = "gpu_temp_c";
  public static final String MEMORY_TEMP = "gpu_memory_temp_c";
  public static final String UTILIZATION = "gpu_utilization_pct";
  public static final String MEMORY_USED = "gpu_memory_used_mib";
  public static final String SLOWDOWN = "gpu_slowdown_pct";
  public static final String ECC = "gpu_ecc_uncorrected_errors";
  static final List<String> BASE = List.of(
      "index", "power.draw", "temperature.gpu", "temperature.memory", "utilization.gpu", "memory.used",
      "ecc.errors.uncorrected.volatile.total");
  static final List<String> THROTTLE_FIELDS = List.of("clocks_event_reasons.active", "clocks_throttle_reasons.active");

  private final NvidiaSmi smi;
  private volatile String throttleField; // null until known; "" when neither name works

  public NvidiaSmiProbe(NvidiaSmi smi) {
    this.smi = smi;
  }

  @Override
  public Set<String> kpis() {
    return Set.of(POWER, TEMP, MEMORY_TEMP, UTILIZATION, MEMORY_USED, SLOWDOWN, ECC);
  }

  /** One reading of every GPU. */
  GpuSample read() throws IOException {
    if (throttleField == null) {
      for (String f : THROTTLE_FIELDS) {
        try {
          GpuSample s = GpuSample.of(smi.query(null, fields(f)), f);
          throttleField = f;
          return s;
        } catch (IOException e) {
          if (!smi.installed()) throw e;
          // this driver does not know the field (or nvidia-smi fails anyway, which the next try shows)
        }
      }
      throttleField = "";
    }
    String f = throttleField.isEmpty() ? null : throttleField;
    return GpuSample.of(smi.query(null, fields(f)), f);
  }

  private static List<String> fields(String throttle) {
    List<String> out = new ArrayList<>(BASE);
    if (throttle != null) out.add(throttle);
    return out;
  }

  @Override
  public ProbeSession open() {
    return new Session();
  }

  private final class Session implements ProbeSession {
    private String failure;
    private int samples;
    private double powerSum;
    private int powerN;
    private double utilSum;
    private int utilN;
    private double tempPeak = Double.NaN;
    private double memTempPeak = Double.NaN;
    private double memPeak = Double.NaN;
    private int slowed;
    private int maskN;
    private double eccFirst = Double.NaN;
    private GpuSample last;

    Session() {
      if (!smi.installed()) failure = smi.missingReason();
    }

    private GpuSample take() {
      if (failure != null) return null;
      try {
        GpuSample s = read();
        samples++;
        if (!Double.isNaN(s.powerW())) {
          powerSum += s.powerW();
          powerN++;
        }
        if (!Double.isNaN(s.utilizationPct())) {
          utilSum += s.utilizationPct();
          utilN++;
        }
        tempPeak = peak(tempPeak, s.tempC());
        memTempPeak = peak(memTempPeak, s.memoryTempC());
        memPeak = peak(memPeak, s.memoryUsedMib());
        if (!Double.isNaN(s.slowdownMask())) {
          maskN++;
          if (s.slowdownMask() > 0) slowed++;
        }
        if (Double.isNaN(eccFirst)) eccFirst = s.eccUncorrected();
        last = s;
        return s;
      } catch (IOException e) {
        failure = e.getMessage();
        return null;
      }
    }

    @Override
    public Readings sample() {
      GpuSample s = take();
      if (s == null) return all(failure);
      Map<String, Double> v = new LinkedHashMap<>();
      Map<String, String> u = new LinkedHashMap<>();
      put(v, u, POWER, s.powerW());
      put(v, u, TEMP, s.tempC());
      put(v, u, MEMORY_TEMP, s.memoryTempC());
      put(v, u, UTILIZATION, s.utilizationPct());
      put(v, u, MEMORY_USED, s.memoryUsedMib());
      put(v, u, SLOWDOWN, Double.isNaN(s.slowdownMask()) ? Double.NaN : s.slowdownMask() > 0 ? 100 : 0);
      put(v, u, ECC, Double.isNaN(s.eccUncorrected()) || Double.isNaN(eccFirst) ? Double.NaN : s.eccUncorrected() - eccFirst);
      return new Readings(v, u);
    }

    @Override
    public Readings finish() {
      take();
      if (failure != null && samples == 0) return all(failure);
      Map<String, Double> v = new LinkedHashMap<>();
      Map<String, String> u = new LinkedHashMap<>();
      put(v, u, POWER, powerN > 0 ? powerSum / powerN : Double.NaN);
      put(v, u, TEMP, tempPeak);
      put(v, u, MEMORY_TEMP, memTempPeak);
      put(v, u, UTILIZATION, utilN > 0 ? utilSum / utilN : Double.NaN);
      put(v, u, MEMORY_USED, memPeak);
      put(v, u, SLOWDOWN, maskN > 0 ? 100.0 * slowed / maskN : Double.NaN);
      put(v, u, ECC, last == null || Double.isNaN(eccFirst) || Double.isNaN(last.eccUncorrected())
          ? Double.NaN : last.eccUncorrected() - eccFirst);
      return new Readings(v, u);
    }

    private void put(Map<String, Double> v, Map<String, String> u, String kpi, double value) {
      if (!Double.isNaN(value)) v.put(kpi, value);
      else u.put(kpi, reason(kpi));
    }

    private String reason(String kpi) {
      if (failure != null) return "nvidia-smi failed: " + failure;
      return switch (kpi) {
        case SLOWDOWN -> "nvidia-smi reports no throttle reasons on this driver";
        case ECC -> "nvidia-smi reports no ECC counts for these GPUs (ECC off or not supported)";
        case MEMORY_TEMP -> "nvidia-smi reports no memory temperature for these GPUs";
        default -> "nvidia-smi reported no value for " + kpi + " ([N/A] on these GPUs)";
      };
    }

    private Readings all(String why) {
      Map<String, String> u = new LinkedHashMap<>();
      for (String k : kpis()) u.put(k, why);
      return new Readings(Map.of(), u);
    }

    private static double peak(double acc, double v) {
      if (Double.isNaN(v)) return acc;
      return Double.isNaN(acc) ? v : Math.max(acc, v);
    }
  }
}
