package dev.dream.trials.workload.tool;

import dev.dream.trials.process.ExternalProcess;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code fio}: runs fio with the regime's {@code args}, which describe the jobs as command-line options
 * (e.g. {@code ["--name=randrw", "--rw=randrw", "--bs=4k", "--size=256M", "--direct=1"]}; "{knob}" takes the
 * candidate's value), time-based for the regime's duration, and reads its JSON output ({@link FioResult}).
 *
 * <p>Dream sets {@code --runtime}, {@code --time_based} and the JSON output itself, and the working
 * directory: the trial's scratch directory (under the node's data directory), unless the args name a
 * {@code --directory} or {@code --filename} on the device to be measured. Options that make fio run other
 * programs ({@code --exec_prerun}, {@code --exec_postrun}, triggers) and job files are refused: a regime runs
 * fio, not a shell. The warm-up runs the same jobs for warmup_s, which also lays out their files.
 */
public final class FioWorkload extends ToolWorkload {
  public static final String TOOL = "fio";
  private static final List<String> OWNED = List.of("--runtime", "--time_based", "--output", "--ramp_time");
  private static final List<String> RUNS_PROGRAMS = List.of(
      "--exec_prerun", "--exec_postrun", "--trigger", "--trigger-file", "--trigger-timeout", "--trigger-remote",
      "--server", "--client", "--remote-config", "--daemonize");

  public FioWorkload(Tools tools) {
    super(TOOL, tools, OWNED, "Dream runs fio time-based for duration_s and reads its JSON output itself", Map.of());
  }

  @Override
  public Set<String> kpis() {
    return Set.of("iops", "read_iops", "write_iops", "mb_per_s", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms");
  }

  @Override
  List<String> args(WorkloadContext ctx) {
    List<String> args = super.args(ctx);
    ToolArgs.refuse(TOOL, args, RUNS_PROGRAMS, "it would make fio start other programs or talk to other hosts");
    for (String a : args) {
      if (a.startsWith("--exec") || a.startsWith("--trigger")) {
        throw new IllegalArgumentException("fio argument " + a + " is not allowed in a regime: it would make fio start other programs");
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("fio argument '" + a + "' is not an option: write every job setting as --key=value "
            + "(job files are not accepted, since they could run programs)");
      }
    }
    String format = ToolArgs.value(args, "--output-format");
    if (format != null && !format.equals("json")) {
      throw new IllegalArgumentException("fio --output-format=" + format + " is not allowed: Dream reads fio's JSON output");
    }
    return args;
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    if (ctx.warmupS() <= 0) return;
    runFio(ctx, args(ctx), ctx.warmupS(), "fio-warmup");
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    if (!(ctx.durationS() > 0)) throw new IllegalArgumentException("fio cannot run for 0 s: give the regime a duration_s above 0");
    Path out = runFio(ctx, args(ctx), ctx.durationS(), "fio");
    return FioResult.parse(Files.readString(out, StandardCharsets.UTF_8));
  }

  private Path runFio(WorkloadContext ctx, List<String> args, double seconds, String label) throws Exception {
    Path out = ctx.scratchDir().resolve(label + ".json");
    List<String> argv = new ArrayList<>();
    argv.add(TOOL);
    argv.add("--output-format=json");
    argv.add("--output=" + out);
    // Before the job options: global, so that they apply to every job the args define.
    argv.add("--runtime=" + Math.max(1, Math.round(seconds * 1000)) + "ms");
    argv.add("--time_based");
    if (!ToolArgs.has(args, "--directory") && !ToolArgs.has(args, "--filename")) {
      argv.add("--directory=" + Files.createDirectories(ctx.scratchDir().resolve("fio-files")));
    }
    argv.addAll(args);
    ExternalProcess p = ExternalProcess.runToEnd(ctx, tools, argv, label, "fio");
    if (!Files.exists(out)) throw new IOException("fio wrote no output file: " + p.stderrTail());
    return out;
  }
}
