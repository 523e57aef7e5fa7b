package dev.dream.core.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in schedules and options: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhd])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

  private Durations() {}

  /** The duration, or empty when {@code text} is not one (a bare number has no unit, so it is not one). */
  public static java.util.Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text.strip()).matches()) return java.util.Optional.empty();
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text.strip());
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(total);
  }

  /** The shortest form {@link #parse} reads back: {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s == 0) return "0s";
    StringBuilder sb = new StringBuilder();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (s >= sizes[i]) {
        sb.append(s / sizes[i]).append(units[i]);
        s %= sizes[i];
      }
    }
    return sb.toString();
  }
}
