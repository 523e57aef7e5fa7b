package dev.dream.core.config;

import java.math.BigInteger;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads scalar nodes as typed values. YAML's own resolution decides the type (a quoted "12" is a string, not a
 * number), and SnakeYAML's constructor does the conversion so that 0x1F, 1_000 and 1e3 mean what YAML says.
 */
final class Scalars {
  private Scalars() {}

  /**
   * Exposes SnakeYAML's scalar construction without building whole documents. It calls the tag's Construct
   * directly: constructObject would cache every node it sees, for as long as the thread lives.
   */
  private static final class Constructor extends SafeConstructor {
    Constructor() {
      super(new LoaderOptions());
    }

    Object value(ScalarNode node) {
      return yamlConstructors.get(node.getTag()).construct(node);
    }
  }

  private static final ThreadLocal<Constructor> CONSTRUCTOR = ThreadLocal.withInitial(Constructor::new);

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A whole number, or null if the node is not a YAML integer that fits in a long. */
  static Long integer(Node node) {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) return null;
    Object v = CONSTRUCTOR.get().value(s);
    if (v instanceof BigInteger b) return b.bitLength() < 64 ? b.longValue() : null;
    return v instanceof Number n ? n.longValue() : null;
  }

  /** A finite number (YAML int or float), or null. */
  static Double number(Node node) {
    if (!(node instanceof ScalarNode s)) return null;
    if (!s.getTag().equals(Tag.INT) && !s.getTag().equals(Tag.FLOAT)) return null;
    Object v = CONSTRUCTOR.get().value(s);
    if (!(v instanceof Number n)) return null;
    double d = n.doubleValue();
    return Double.isFinite(d) ? d : null;
  }

  static boolean isInteger(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.INT);
  }

  static Boolean bool(Node node) {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) return null;
    return (Boolean) CONSTRUCTOR.get().value(s);
  }

  /**
   * The text of any non-null scalar. Names and choices are read as written, so that {@code on}, {@code off}
   * or {@code 2} stay the words a user typed instead of YAML 1.1's booleans and integers.
   */
  static String text(Node node) {
    if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) return null;
    return s.getValue();
  }

  /** How a node reads to a user, for "found ..." in messages. */
  static String describe(Node node) {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (!(node instanceof ScalarNode s)) return "something else";
    Tag tag = s.getTag();
    if (tag.equals(Tag.NULL)) return "nothing (null)";
    if (tag.equals(Tag.INT)) return "the integer " + s.getValue();
    if (tag.equals(Tag.FLOAT)) return "the number " + s.getValue();
    if (tag.equals(Tag.BOOL)) return "the boolean " + s.getValue();
    return "the text \"" + s.getValue() + "\"";
  }

  /** Shortest plain form of a number for messages: 0.25, 12, 1.0E-4 (never 12.0 for a whole number). */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
