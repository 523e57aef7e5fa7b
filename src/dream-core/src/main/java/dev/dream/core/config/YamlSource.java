package dev.dream.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one YAML file into a node tree (nodes keep their line and column), with its sha256. Syntax errors,
 * unreadable files and duplicate keys become problems; the tree is absent when the file cannot be parsed.
 */
record YamlSource(Source source, Node root, String sha256) {

  static YamlSource read(Path path, String display, Problems problems) {
    Source src = new Source(display, problems);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      src.problem((Node) null, "cannot read the file: " + e, "check that it exists and is readable");
      return new YamlSource(src, null, null);
    }
    String sha = sha256(bytes);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      src.problem((Node) null, "the file is not UTF-8 text", "save it as UTF-8");
      return new YamlSource(src, null, sha);
    }
    Node root = compose(src, text);
    if (root != null) reportDuplicateKeys(src, root, Collections.newSetFromMap(new IdentityHashMap<>()));
    return new YamlSource(src, root, sha);
  }

  private static Node compose(Source src, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    try {
      Node root = new Yaml(options).compose(new StringReader(text));
      if (root == null) src.problem((Node) null, "the file is empty", "see config/ for a complete example");
      return root;
    } catch (MarkedYAMLException e) {
      String problem = (e.getProblem() == null ? e.getMessage() : e.getProblem()).strip();
      // SnakeYAML splits "while parsing X" / "expected Y" (context) from "but found Z" (problem).
      String what = e.getContext() == null ? problem
          : e.getContext().strip() + (problem.startsWith("but ") ? ", " : ": ") + problem;
      src.problem(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(),
          "YAML syntax error: " + what, syntaxFix(what));
    } catch (YAMLException e) {
      src.problem((Node) null, "YAML error: " + e.getMessage(), "check the file's syntax");
    }
    return null;
  }

  private static String syntaxFix(String problem) {
    if (problem.contains("\\t") || problem.contains("\t") || problem.contains("TAB")) {
      return "indent with spaces; YAML does not allow tabs";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "a value containing ': ' must be quoted, or the indentation of this line is wrong";
    }
    if (problem.contains("expected a single document")) {
      return "keep one document per file (remove the '---' separator)";
    }
    return "check the indentation, quotes and brackets here and on the line before";
  }

  /**
   * SnakeYAML's own duplicate check runs only when building Java objects, and reports the mapping rather than
   * the key; walking the tree puts the error on the duplicate itself.
   */
  private static void reportDuplicateKeys(Source src, Node node, Set<Node> seen) {
    if (!seen.add(node)) return;
    if (node instanceof MappingNode m) {
      Map<String, Node> first = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          Node earlier = first.putIfAbsent(k.getValue(), k);
          if (earlier != null) {
            src.problem(k, "duplicate key '" + k.getValue() + "' (first at line "
                    + (earlier.getStartMark().getLine() + 1) + ")",
                "remove one of them; YAML would silently keep only the last");
          }
        }
        reportDuplicateKeys(src, t.getKeyNode(), seen);
        reportDuplicateKeys(src, t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode s) {
      for (Node child : s.getValue()) reportDuplicateKeys(src, child, seen);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
