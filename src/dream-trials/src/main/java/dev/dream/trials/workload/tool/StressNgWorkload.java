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
 * {@code stress-ng}: runs stress-ng with the regime's {@code args} (e.g. {@code ["--cpu", "0",
 * "--cpu-method", "matrixprod"]}; "{knob}" takes the candidate's value) for the regime's duration, and reads
 * its metrics ({@link StressNgMetrics}). Dream adds {@code --timeout} (whole seconds, at least 1),
 * {@code --yaml} and, unless a metrics option is given, {@code --metrics}; the regime may not set them.
 * The warm-up runs the same stressors for warmup_s. stress-ng counts throughput, not the latency of single
 * operations, so {@code p95_latency_ms} is reported unavailable with that reason.
 */
public final class StressNgWorkload extends ToolWorkload {
  public static final String TOOL = "stress-ng";
  private static final List<String> OWNED = List.of("--timeout", "-t", "--yaml", "-Y");
  static final String NOT_LATENCY = "stress-ng measures throughput in bogo operations, not the latency of single operations";

  public StressNgWorkload(Tools tools) {
    super(TOOL, tools, OWNED, "Dream sets the run time from duration_s and reads the metrics from its own YAML file",
        Map.of("p95_latency_ms", NOT_LATENCY));
  }

  @Override
  public Set<String> kpis() {
    return Set.of(StressNgMetrics.THROUGHPUT, StressNgMetrics.BOGO_OPS);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    warmUpWholeSeconds(ctx, (args, seconds) ->
        ExternalProcess.runToEnd(ctx, tools, command(args, seconds, null), "stress-ng-warmup", "stress-ng warm-up"));
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    List<String> args = args(ctx);
    long seconds = ToolArgs.wholeSeconds(TOOL, ctx.durationS(), "duration_s");
    Path yaml = ctx.scratchDir().resolve("stress-ng.yaml");
    ExternalProcess p = ExternalProcess.runToEnd(ctx, tools, command(args, seconds, yaml), "stress-ng", "stress-ng");
    if (!Files.exists(yaml)) throw new IOException("stress-ng wrote no YAML file: " + p.stderrTail());
    WorkloadResult metrics = StressNgMetrics.parse(Files.readString(yaml, StandardCharsets.UTF_8));
    return new WorkloadResult.Builder().putAll(metrics)
        .unavailable("p95_latency_ms", NOT_LATENCY)
        .build();
  }

  static List<String> command(List<String> args, long seconds, Path yaml) {
    List<String> argv = new ArrayList<>();
    argv.add(TOOL);
    argv.addAll(args);
    argv.add("--timeout");
    argv.add(seconds + "s");
    if (yaml != null) {
      argv.add("--yaml");
      argv.add(yaml.toString());
      if (!ToolArgs.has(args, "--metrics") && !ToolArgs.has(args, "--metrics-brief") && !ToolArgs.has(args, "-M")) argv.add("--metrics");
    }
    return argv;
  }
}
