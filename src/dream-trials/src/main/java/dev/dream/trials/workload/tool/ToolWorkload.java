package dev.dream.trials.workload.tool;

import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.Placeholders;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import java.util.List;
import java.util.Map;

/**
 * What the external-tool workloads (stress-ng, fio, iperf3) share: the regime's {@code args}, "{knob}"
 * taking the candidate's value and the options Dream sets itself refused, run as processes of their own that
 * the placement knobs reach.
 */
abstract class ToolWorkload implements Workload {
  final String tool;
  final Tools tools;
  private final List<String> owned;
  private final String whyOwned;
  private final Map<String, String> notMeasured;

  /**
   * @param owned the options Dream sets itself, refused in the regime's args
   * @param whyOwned why they are refused, for the error
   * @param notMeasured KPIs the tool by its nature never measures, with the reason
   */
  ToolWorkload(String tool, Tools tools, List<String> owned, String whyOwned, Map<String, String> notMeasured) {
    this.tool = tool;
    this.tools = tools;
    this.owned = List.copyOf(owned);
    this.whyOwned = whyOwned;
    this.notMeasured = Map.copyOf(notMeasured);
  }

  @Override
  public final boolean startsProcesses() {
    return true;
  }

  @Override
  public final Map<String, String> notMeasured() {
    return notMeasured;
  }

  /** The regime's args with their placeholders replaced; a tool adds its own checks after these. */
  List<String> args(WorkloadContext ctx) {
    List<String> args = Placeholders.substitute(ctx.spec().regimeSpec().workload().params().get("args"), "args", ctx);
    ToolArgs.refuse(tool, args, owned, whyOwned);
    return args;
  }

  /** Runs the tool for whole seconds with the regime's args. */
  interface Timed {
    void run(List<String> args, long seconds) throws Exception;
  }

  /**
   * The warm-up of a tool that counts whole seconds: a warm-up shorter than one second cannot run it and
   * passes idle; a longer one runs {@code warmUp} for warmup_s rounded to whole seconds.
   */
  void warmUpWholeSeconds(WorkloadContext ctx, Timed warmUp) throws Exception {
    if (ctx.warmupS() < 1) {
      ctx.sleep(ctx.warmupS());
      return;
    }
    warmUp.run(args(ctx), ToolArgs.wholeSeconds(tool, ctx.warmupS(), "warmup_s"));
  }
}
