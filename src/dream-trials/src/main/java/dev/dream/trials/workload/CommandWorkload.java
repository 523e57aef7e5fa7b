package dev.dream.trials.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code command}: runs an argv list (never a shell string) and reads its stdout as a JSON object of KPIs.
 *
 * <p>In each argument, {@code {name}} is replaced by the workload parameter of that name, which includes
 * the candidate's {@code workload-arg} knobs; {@code {duration_s}} and {@code {warmup_s}} give the regime's
 * times. An unknown placeholder fails the trial rather than run a wrong command. The {@code env} knobs are
 * added to the environment. On cancellation the whole process tree is killed. A non-zero exit, or stdout
 * that is not a JSON object, fails the trial; a KPI given as null is unavailable.
 */
public final class CommandWorkload implements Workload {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Set<String> kpis() {
    return Set.of(); // known only from its output
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    List<String> argv = argv(ctx);
    Path out = ctx.scratchDir().resolve("command.stdout");
    Path err = ctx.scratchDir().resolve("command.stderr");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(ctx.scratchDir().toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(ctx.env());
    Process p = pb.start();
    p.getOutputStream().close();
    ctx.onCancel(() -> ProcessTrees.kill(p.toHandle()));
    int code;
    try {
      code = p.waitFor();
    } finally {
      // Whatever the command left running in the background must not outlive its trial.
      ProcessTrees.kill(p.toHandle());
    }
    if (ctx.cancelled()) throw new java.util.concurrent.CancellationException("trial cancelled");
    if (code != 0) {
      throw new IOException("command " + argv.get(0) + " exited with status " + code + ": " + tail(err));
    }
    return parse(Files.readString(out, StandardCharsets.UTF_8), argv.get(0));
  }

  static List<String> argv(WorkloadContext ctx) {
    Object raw = ctx.params().get("argv");
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("command workload needs argv: a non-empty list of strings");
    }
    List<String> argv = new ArrayList<>();
    for (Object a : list) argv.add(substitute(String.valueOf(a), ctx));
    return argv;
  }

  private static String substitute(String arg, WorkloadContext ctx) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object v = switch (name) {
        case "duration_s" -> ctx.durationS();
        case "warmup_s" -> ctx.warmupS();
        default -> ctx.params().get(name);
      };
      if (v == null) throw new IllegalArgumentException("command argument " + arg + " names {" + name + "}, which is neither a knob nor a parameter");
      String text = v instanceof Double d ? java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(v);
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
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

  private static String tail(Path err) {
    try {
      String s = Files.readString(err, StandardCharsets.UTF_8).strip();
      return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
    } catch (IOException e) {
      return "(no stderr)";
    }
  }
}
