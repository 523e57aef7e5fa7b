package dev.dream.trials.gpu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code nvidia-smi --query-gpu=FIELDS --format=csv[,noheader][,nounits]}: one line per GPU,
 * values separated by ", ". With a header line the columns are taken by name (a header cell reads
 * "power.draw [W]"), without one by the order of the requested fields. A value nvidia-smi cannot give
 * ("[N/A]", "N/A", "[Not Supported]", "[Unknown Error]", "[Requested functionality has been deprecated]"...)
 * is left out of its row, so that it can never be read as a number.
 */
public final class NvidiaSmiCsv {
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*( \\[[^\\]]*])?");
  private static final Pattern NUMBER = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)(?:\\s*([A-Za-z%]+))?");

  private NvidiaSmiCsv() {}

  /** One map per GPU line: field name → value text, only the fields that have a value. */
  public static List<Map<String, String>> parse(String output, List<String> requested) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String l : output.split("\\R")) if (!l.isBlank()) lines.add(l);
    List<Map<String, String>> rows = new ArrayList<>();
    if (lines.isEmpty()) return rows;
    List<String> names = requested;
    List<String> first = cells(lines.get(0));
    if (isHeader(first, requested)) {
      names = new ArrayList<>();
      for (String c : first) names.add(name(c));
      lines.remove(0);
    }
    for (String line : lines) {
      List<String> c = cells(line);
      if (c.size() != names.size()) {
        throw new IOException("nvidia-smi printed " + c.size() + " values for " + names.size() + " fields: " + abbreviate(line));
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < c.size(); i++) if (!missing(c.get(i))) row.put(names.get(i), c.get(i));
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    for (String c : line.split(",", -1)) out.add(c.trim());
    return out;
  }

  /** "power.draw [W]" → "power.draw". */
  private static String name(String headerCell) {
    int b = headerCell.indexOf(" [");
    return b < 0 ? headerCell : headerCell.substring(0, b);
  }

  /** A header names fields: every cell looks like "field.name [unit]" and some cell is a requested field. */
  private static boolean isHeader(List<String> cells, List<String> requested) {
    boolean named = false;
    for (String c : cells) {
      if (!FIELD.matcher(c).matches()) return false;
      named |= requested.contains(name(c));
    }
    return named;
  }

  static boolean missing(String v) {
    String t = v.trim();
    if (t.isEmpty()) return true;
    String low = t.toLowerCase(Locale.ROOT);
    return low.equals("n/a") || (t.startsWith("[") && t.endsWith("]"));
  }

  /**
   * The number in a value, with or without its unit ("631.95 W", "100 %", "19818 MiB", "59"), or a hex
   * mask ("0x0000000000000004"); null when it is neither.
   */
  public static Double number(String value) {
    if (value == null) return null;
    String t = value.trim();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      try {
        return (double) Long.parseUnsignedLong(t.substring(2), 16);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Matcher m = NUMBER.matcher(t);
    return m.matches() ? Double.parseDouble(m.group(1)) : null;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
