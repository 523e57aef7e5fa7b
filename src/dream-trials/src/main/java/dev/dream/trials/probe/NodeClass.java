package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a node's hardware and kernel; results of different classes are never mixed.
 *
 * <p>{@code cpus} counts logical CPUs (processor entries of /proc/cpuinfo). Memory is rounded to whole GiB,
 * because MemTotal moves by a few MiB between boots and kernels with what the firmware and kernel reserve,
 * which must not make the same machine a new class. {@code id} is the first 12 hex digits of the SHA-256 of
 * the four fields.
 */
public record NodeClass(String id, String cpuModel, int cpus, long memoryGib, String kernelRelease) {

  public static NodeClass of(String cpuModel, int cpus, long memoryGib, String kernelRelease) {
    String text = "nodeclass.v1|" + cpuModel + "|" + cpus + "|" + memoryGib + "|" + kernelRelease;
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return new NodeClass(HexFormat.of().formatHex(h).substring(0, 12), cpuModel, cpus, memoryGib, kernelRelease);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static NodeClass detect() {
    return detect(SysRoot.fromEnv());
  }

  /** Reads the class from /proc under {@code root}; a field that cannot be read is "unknown" (or 0). */
  public static NodeClass detect(SysRoot root) {
    String model = "unknown";
    int cpus = 0;
    try {
      for (String line : SysRoot.read(root.resolve("/proc/cpuinfo")).split("\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (key.equals("processor")) cpus++;
        // x86: "model name"; arm64 and others: "Hardware", "Model" or "cpu model".
        if (model.equals("unknown") && (key.equals("model name") || key.equals("Hardware") || key.equals("cpu model") || key.equals("Model"))) {
          model = value.replaceAll("\\s+", " ");
        }
      }
    } catch (IOException e) {
      cpus = Runtime.getRuntime().availableProcessors();
    }
    long gib = 0;
    try {
      for (String line : SysRoot.read(root.resolve("/proc/meminfo")).split("\n")) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          gib = Math.round(kb / (1024.0 * 1024.0));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // stays 0: unknown
    }
    String kernel;
    try {
      kernel = SysRoot.read(root.resolve("/proc/sys/kernel/osrelease"));
    } catch (IOException e) {
      kernel = "unknown";
    }
    return of(model, cpus, gib, kernel);
  }
}
