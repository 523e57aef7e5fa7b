package dev.dream.core.config;

/**
 * Optional numeric settings with a lower bound: absent means the default, out of bounds is a problem. Returns
 * null when the value is unusable (the problem is already reported).
 */
final class Bounds {
  private Bounds() {}

  static Long atLeast(YamlMap m, String key, long min, long dflt, String example, String why) {
    if (!m.has(key)) return dflt;
    Long v = m.integer(key, false, example);
    if (v != null && v < min) {
      m.source().problem(m.value(key), key + " " + v + " in " + m.what() + " must be at least " + min,
          "write e.g. " + example + "; " + why);
      return null;
    }
    return v;
  }

  static Double atLeast(YamlMap m, String key, double min, double dflt, String example) {
    return atLeast(m, key, min, dflt, example, null);
  }

  static Double atLeast(YamlMap m, String key, double min, double dflt, String example, String why) {
    if (!m.has(key)) return dflt;
    Double v = m.number(key, false, example);
    if (v != null && v < min) {
      m.source().problem(m.value(key), key + " " + Scalars.format(v) + " in " + m.what() + " must be at least "
          + Scalars.format(min), "write e.g. " + example + (why == null ? "" : "; " + why));
      return null;
    }
    return v;
  }

  static Double above(YamlMap m, String key, double min, double dflt, String example) {
    if (!m.has(key)) return dflt;
    Double v = m.number(key, false, example);
    if (v != null && v <= min) {
      m.source().problem(m.value(key), key + " " + Scalars.format(v) + " in " + m.what() + " must be above "
          + Scalars.format(min), "write e.g. " + example);
      return null;
    }
    return v;
  }
}
