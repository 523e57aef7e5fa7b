package dev.dream.trials.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.trials.process.ExternalProcess;
import dev.dream.trials.process.Tools;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code command}: runs an argv list (never a shell string) and reads its stdout as a JSON object of KPIs.
 *
 * <p>In each argument, {@code {knob}} is replaced by the candidate's value of that knob, and
 * {@code {duration_s}} and {@code {warmup_s}} by the regime's times ({@link Placeholders}); an unknown
 * placeholder fails the trial rather than run a wrong command. Each argument reaches the program as one
 * argument, exactly as written: nothing is interpreted by a shell. The {@code env} knobs are added to the
 * environment, and the placement knobs (affinity, nice, policy, cgroup) apply to the process. The program
 * runs in the trial's scratch directory. On cancellation the whole process tree is killed. A program that
 * is not installed, a non-zero exit, or stdout that is not a JSON object fails the trial; a KPI given as
 * null is unavailable.
 */
public final class CommandWorkload implements Workload {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Tools tools;

  public CommandWorkload() {
    this(Tools.system());
  }

  public CommandWorkload(Tools tools) {
    this.tools = tools;
  }

  @Override
  public Set<String> kpis() {
    return Set.of(); // known only from its output
  }

  @Override
  public boolean startsProcesses() {
    return true;
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    List<String> argv = argv(ctx);
    ExternalProcess p = ExternalProcess.runToEnd(ctx, tools, argv, "command", "command " + argv.get(0));
    return parse(p.stdoutText(), argv.get(0));
  }

  static List<String> argv(WorkloadContext ctx) {
    return Placeholders.substitute(ctx.spec().regimeSpec().workload().params().get("argv"), "argv", ctx);
  }

  static WorkloadResult parse(String stdout, String command) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(stdout);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("command " + command + " did not print a JSON object of KPIs: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw new IOException("command " + command + " did not print a JSON object of KPIs");
    WorkloadResult.Builder b = new WorkloadResult.Builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNumber()) b.put(e.getKey(), v.asDouble(), "command " + command + " reported a non-finite " + e.getKey());
      else if (v.isNull()) b.unavailable(e.getKey(), "command " + command + " reported " + e.getKey() + " as null");
    }
    return b.build();
  }
}
