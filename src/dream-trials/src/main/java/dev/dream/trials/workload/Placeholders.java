package dev.dream.trials.workload;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "{name}" in a workload's arguments: the candidate's value of knob {@code name}, or {@code {duration_s}}
 * and {@code {warmup_s}}, the regime's times. Other braces (JSON, code passed to an interpreter) are left
 * alone. A name that is none of these fails the trial rather than run a wrong command.
 */
public final class Placeholders {
  /** The same form the config loader checks: a knob name in braces. */
  public static final Pattern PATTERN = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Placeholders() {}

  /** Every argument of {@code raw} (a list, as the config loader keeps it) with its placeholders replaced. */
  public static List<String> substitute(Object raw, String key, WorkloadContext ctx) {
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("workload " + ctx.spec().regimeSpec().workload().kind() + " needs " + key
          + ": a non-empty list of arguments");
    }
    List<String> out = new ArrayList<>();
    for (Object a : list) out.add(substitute(String.valueOf(a), ctx));
    return out;
  }

  public static String substitute(String arg, WorkloadContext ctx) {
    Matcher m = PATTERN.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object v = switch (name) {
        case "duration_s" -> ctx.durationS();
        case "warmup_s" -> ctx.warmupS();
        default -> ctx.knobValue(name);
      };
      if (v == null) {
        throw new IllegalArgumentException("argument " + arg + " names {" + name + "}, which is neither a knob of domain "
            + ctx.spec().domain() + " nor duration_s or warmup_s");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text(v)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A value as an argument: numbers without exponent or trailing zeros. */
  public static String text(Object v) {
    if (v instanceof Double d) return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return String.valueOf(v);
  }
}
