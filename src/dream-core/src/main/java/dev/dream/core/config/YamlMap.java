package dev.dream.core.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read key by key, every key and value keeping its position. Each typed read reports a
 * missing or mistyped value as a problem and returns null, so that parsing goes on and finds the rest.
 *
 * <p>{@code what} names the mapping in messages ("knob 'threads'"); {@code anchor} is where a missing key is
 * reported: the key that introduces this mapping, which is where a user looks for it.
 */
final class YamlMap {
  private final Source src;
  private final Node anchor;
  private final String what;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(Source src, MappingNode node, Node anchor, String what) {
    this.src = src;
    this.anchor = anchor;
    this.what = what;
    List<NodeTuple> merged = new java.util.ArrayList<>();
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode().getTag().equals(Tag.MERGE)) {
        merged.addAll(mergedEntries(src, t.getValueNode()));
        continue;
      }
      String key = Scalars.text(t.getKeyNode());
      if (key == null || !(t.getKeyNode() instanceof ScalarNode)) {
        src.problem(t.getKeyNode(), "a key of " + what + " is " + Scalars.describe(t.getKeyNode()),
            "keys are plain names, e.g. name: value");
        continue;
      }
      // Duplicates were reported while reading the file; the first one wins here.
      entries.putIfAbsent(key, t);
    }
    // Keys written here win over those merged in with "<<: *anchor", as in YAML's merge rule.
    for (NodeTuple t : merged) {
      String key = Scalars.text(t.getKeyNode());
      if (key != null) entries.putIfAbsent(key, t);
    }
  }

  /** The entries that "<<:" brings in: one mapping, or a list of mappings (earlier ones win). */
  private static List<NodeTuple> mergedEntries(Source src, Node value) {
    List<NodeTuple> out = new java.util.ArrayList<>();
    List<Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
    for (Node n : sources) {
      if (n instanceof MappingNode m) {
        out.addAll(m.getValue());
      } else {
        src.problem(n, "'<<' merges a mapping, found " + Scalars.describe(n), "write <<: *anchor_of_a_mapping");
      }
    }
    return out;
  }

  /** The mapping at {@code node}, or null (with a problem) if it is not a mapping. */
  static YamlMap of(Source src, Node node, Node anchor, String what) {
    if (node instanceof MappingNode m) return new YamlMap(src, m, anchor, what);
    src.problem(node, what + " must be a mapping of name: value, found " + Scalars.describe(node),
        "write it as {key: value, ...} or as indented key: value lines");
    return null;
  }

  /** The value of {@code key} in a mapping node, without reporting anything; null if there is none. */
  static Node peek(Node mapping, String key) {
    if (!(mapping instanceof MappingNode m)) return null;
    for (NodeTuple t : m.getValue()) if (key.equals(Scalars.text(t.getKeyNode()))) return t.getValueNode();
    return null;
  }

  Source source() {
    return src;
  }

  String what() {
    return what;
  }

  Node anchor() {
    return anchor;
  }

  Set<String> keys() {
    return entries.keySet();
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Node key(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getKeyNode();
  }

  Node value(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** Reports every key outside {@code allowed}, suggesting the closest allowed one. */
  void onlyKeys(Collection<String> allowed) {
    for (String k : entries.keySet()) {
      if (!allowed.contains(k)) {
        src.problem(key(k), "unknown key '" + k + "' in " + what, DidYouMean.fix(k, allowed, "keys here"));
      }
    }
  }

  /** The value node of a required key, or null with a "missing" problem. */
  Node required(String key, String example) {
    Node v = value(key);
    if (v == null) src.problem(anchor, what + " is missing '" + key + "'", "add " + example);
    return v;
  }

  String string(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    String s = Scalars.text(v);
    if (s == null || s.isBlank()) {
      wrongType(key, v, "a text", example);
      return null;
    }
    return s;
  }

  Long integer(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    Long l = Scalars.integer(v);
    if (l == null) wrongType(key, v, "a whole number", example);
    return l;
  }

  Double number(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    Double d = Scalars.number(v);
    if (d == null) wrongType(key, v, "a number", example);
    return d;
  }

  Boolean bool(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    Boolean b = Scalars.bool(v);
    if (b == null) wrongType(key, v, "true or false", example);
    return b;
  }

  YamlMap map(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    if (!(v instanceof MappingNode)) {
      wrongType(key, v, "a mapping of name: value", example);
      return null;
    }
    return YamlMap.of(src, v, key(key), "'" + key + "' of " + what);
  }

  List<Node> list(String key, boolean required, String example) {
    Node v = required ? required(key, example) : value(key);
    if (v == null) return null;
    if (!(v instanceof SequenceNode s)) {
      wrongType(key, v, "a list", example);
      return null;
    }
    return s.getValue();
  }

  /** The entries of this mapping in file order: key node and value node. */
  List<NodeTuple> entries() {
    return List.copyOf(entries.values());
  }

  void wrongType(String key, Node v, String expected, String example) {
    boolean quoted = v instanceof ScalarNode s && s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN;
    src.problem(v, "'" + key + "' of " + what + " must be " + expected + ", found " + Scalars.describe(v),
        "write " + expected + ", e.g. " + example
            + (quoted && !expected.equals("a text") ? " (no quotes: a quoted value is text)" : ""));
  }
}
