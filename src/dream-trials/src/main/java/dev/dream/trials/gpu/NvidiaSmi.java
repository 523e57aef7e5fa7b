package dev.dream.trials.gpu;

import dev.dream.trials.process.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code nvidia-smi} (argv, never a shell) with a time limit. A node without it has no NVIDIA driver:
 * callers say "nvidia-smi is not installed on this node" rather than report anything about GPUs.
 */
public final class NvidiaSmi {
  public static final String TOOL = "nvidia-smi";
  private static final long TIMEOUT_MS = 15_000;
  private final Tools tools;

  public NvidiaSmi(Tools tools) {
    this.tools = tools;
  }

  public boolean installed() {
    return tools.find(TOOL).isPresent();
  }

  public String missingReason() {
    return tools.missing(TOOL) + " (no NVIDIA driver)";
  }

  /** Runs nvidia-smi with {@code args}; its output, or an IOException with what it said when it fails. */
  public String run(List<String> args) throws IOException {
    Optional<java.nio.file.Path> bin = tools.find(TOOL);
    if (bin.isEmpty()) throw new dev.dream.trials.process.ToolMissingException(TOOL, missingReason());
    List<String> argv = new ArrayList<>();
    argv.add(bin.get().toString());
    argv.addAll(args);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    byte[] out;
    try {
      // nvidia-smi prints little; reading to the end also waits for it to close its output.
      out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("nvidia-smi did not finish within " + TIMEOUT_MS + " ms");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while nvidia-smi ran");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("nvidia-smi " + String.join(" ", args) + " exited with status " + p.exitValue() + ": " + text.strip());
    }
    return text;
  }

  /** {@code --query-gpu} of {@code fields} for GPU {@code gpu} (all GPUs when null), header kept. */
  public List<Map<String, String>> query(Integer gpu, List<String> fields) throws IOException {
    List<String> args = new ArrayList<>();
    if (gpu != null) args.addAll(List.of("-i", gpu.toString()));
    args.add("--query-gpu=" + String.join(",", fields));
    args.add("--format=csv,nounits");
    return NvidiaSmiCsv.parse(run(args), fields);
  }
}
