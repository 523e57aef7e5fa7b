package dev.dream.trials.gpu;

import dev.dream.core.domain.ActuatorSpec;
import dev.dream.core.domain.Knob;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.KnobEffects;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * {@code nvidia-smi}: a setting of one NVIDIA GPU (actuator {@code gpu}, default 0), applied with nvidia-smi
 * and put back after the trial (and after a crash, from the apply-journal, which keeps the GPU, the setting
 * and the value found before).
 *
 * <p>{@code power-limit-pct}: percent of the GPU's default power limit ({@code power.default_limit}),
 * clamped to the card's {@code power.min_limit}..{@code power.max_limit}, set with {@code nvidia-smi -i N -pl
 * W}; {@code power-limit-w}: watts, which must lie in that range; {@code persistence-mode}: a bool, set with
 * {@code -pm 1|0}. Setting these needs root; nvidia-smi's refusal fails the trial with its words.
 */
public final class NvidiaSmiActuator implements KnobActuator {
  private final NvidiaSmi smi;

  public NvidiaSmiActuator(NvidiaSmi smi) {
    this.smi = smi;
  }

  @Override
  public boolean changesSystem() {
    return true;
  }

  private static String setting(Knob knob) {
    Object s = knob.actuator().params().get("setting");
    if (s == null) throw new IllegalArgumentException("knob " + knob.name() + ": nvidia-smi actuator has no setting");
    return s.toString();
  }

  private static int gpu(Knob knob) {
    Object g = knob.actuator().params().get("gpu");
    return g instanceof Number n ? n.intValue() : 0;
  }

  @Override
  public Map<String, String> readStock(Knob knob) throws IOException {
    String setting = setting(knob);
    int gpu = gpu(knob);
    if (setting.equals("persistence-mode")) {
      String mode = field(gpu, "persistence_mode");
      return Map.of("gpu", Integer.toString(gpu), "setting", setting, "value", mode.equalsIgnoreCase("Enabled") ? "1" : "0");
    }
    return Map.of("gpu", Integer.toString(gpu), "setting", "power-limit", "value", watts(number(gpu, "power.limit")));
  }

  @Override
  public void apply(Knob knob, Object value, KnobEffects effects) throws IOException {
    String setting = setting(knob);
    int gpu = gpu(knob);
    switch (setting) {
      case "persistence-mode" -> smi.run(List.of("-i", Integer.toString(gpu), "-pm", Boolean.TRUE.equals(value) ? "1" : "0"));
      case "power-limit-pct", "power-limit-w" -> {
        Map<String, String> r = row(gpu, List.of("power.default_limit", "power.min_limit", "power.max_limit"));
        double min = required(r, "power.min_limit", gpu);
        double max = required(r, "power.max_limit", gpu);
        double w;
        if (setting.equals("power-limit-pct")) {
          w = Math.min(max, Math.max(min, required(r, "power.default_limit", gpu) * ((Number) value).doubleValue() / 100));
        } else {
          w = ((Number) value).doubleValue();
          if (w < min || w > max) {
            throw new IOException("knob " + knob.name() + " = " + w + " W is outside GPU " + gpu + "'s power limit range " + min + ".." + max + " W");
          }
        }
        smi.run(List.of("-i", Integer.toString(gpu), "-pl", watts(w)));
      }
      default -> throw new IllegalArgumentException("knob " + knob.name() + ": unknown nvidia-smi setting " + setting);
    }
  }

  @Override
  public void restore(ActuatorSpec spec, Map<String, String> stock) throws IOException {
    String gpu = stock.get("gpu");
    String value = stock.get("value");
    if (gpu == null || value == null || !gpu.matches("\\d+") || !value.matches("[0-9.]+")) {
      throw new IllegalArgumentException("not an nvidia-smi stock record: " + stock);
    }
    String flag = "persistence-mode".equals(stock.get("setting")) ? "-pm" : "-pl";
    smi.run(List.of("-i", gpu, flag, value));
  }

  private String field(int gpu, String name) throws IOException {
    String v = row(gpu, List.of(name)).get(name);
    if (v == null) throw new IOException("nvidia-smi reports no " + name + " for GPU " + gpu);
    return v;
  }

  private double number(int gpu, String name) throws IOException {
    Double d = NvidiaSmiCsv.number(field(gpu, name));
    if (d == null) throw new IOException("nvidia-smi's " + name + " of GPU " + gpu + " is not a number");
    return d;
  }

  private Map<String, String> row(int gpu, List<String> fields) throws IOException {
    List<Map<String, String>> rows = smi.query(gpu, fields);
    if (rows.isEmpty()) throw new IOException("nvidia-smi lists no GPU " + gpu);
    return rows.get(0);
  }

  private static double required(Map<String, String> r, String name, int gpu) throws IOException {
    Double d = NvidiaSmiCsv.number(r.get(name));
    if (d == null) throw new IOException("nvidia-smi reports no " + name + " for GPU " + gpu + " (power management not supported?)");
    return d;
  }

  static String watts(double w) {
    return BigDecimal.valueOf(w).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
