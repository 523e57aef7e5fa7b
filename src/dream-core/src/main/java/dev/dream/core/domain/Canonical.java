package dev.dream.core.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as the config loader produces them (Long, Double, String, Boolean, lists and maps of those),
 * whatever they went through: JSON and CBOR give back an Integer for a small Long, so a run recovered from
 * its journal would otherwise see other types than the run that wrote it.
 */
public final class Canonical {
  private Canonical() {}

  public static Object value(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof BigDecimal b) return b.doubleValue();
    if (v instanceof BigInteger b) return b.longValue();
    if (v instanceof Map<?, ?> m) return map(m);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(value(o));
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  public static Map<String, Object> map(Map<?, ?> m) {
    if (m == null) return Map.of();
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
    return Collections.unmodifiableMap(out);
  }
}
