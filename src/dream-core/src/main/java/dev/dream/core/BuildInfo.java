package dev.dream.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What is running: the project version and a hash of the code, recorded in every manifest and baseline so
 * that results can be traced to the build that produced them.
 *
 * <h2>Code hash</h2>
 *
 * {@link #codeHash()} is {@code "sha256:"} followed by 64 lowercase hex digits, computed over the Dream
 * code on the classpath ({@code java.class.path}):
 *
 * <ul>
 *   <li>every file whose name is {@code dream-*.jar} is one item, keyed by its file name;
 *   <li>every directory that holds a {@code dev/dream} package and is not a Maven {@code test-classes}
 *       directory (i.e. a {@code target/classes} output when running from an IDE or a reactor build)
 *       contributes each {@code .class} file under it, keyed by its path relative to that directory with
 *       {@code /} separators;
 *   <li>if neither exists (a repackaged jar), the jar or directory that holds this class is used instead.
 * </ul>
 *
 * For each item the line {@code <sha256 hex of its bytes>  <key>\n} is formed (the format of
 * {@code sha256sum}); the lines are sorted by key (then by digest) and the hash is the sha256 of their
 * concatenation in UTF-8. Where the repository lives and the order of the classpath therefore do not
 * matter; only the bytes of the code do. With the launcher's classpath the same value is obtained by
 *
 * <pre>
 * (cd src/dream-cli/target &amp;&amp; sha256sum dream-cli-*.jar &amp;&amp; cd lib &amp;&amp; sha256sum dream-*.jar) \
 *   | LC_ALL=C sort -k2 | sha256sum
 * </pre>
 *
 * The jars are reproducible ({@code project.build.outputTimestamp} in the root pom), so rebuilding
 * unchanged sources gives the same hash. Running from {@code target/classes} gives a different value
 * from running the jars of the same code, because the items differ.
 */
public final class BuildInfo {
  /** Returned by {@link #version()} when the build did not filter the version in (e.g. an IDE build). */
  public static final String UNKNOWN_VERSION = "unknown";

  private static final String BUILD_PROPERTIES = "dream-build.properties";

  private BuildInfo() {}

  /** The Maven project version this code was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return Lazy.VERSION;
  }

  /** {@code sha256:<64 hex>} over the running build, as described in the class comment; computed once. */
  public static String codeHash() {
    return Lazy.CODE_HASH;
  }

  /** The entries of {@code java.class.path}, in order. */
  public static List<Path> classpath() {
    String cp = System.getProperty("java.class.path", "");
    List<Path> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) if (!e.isBlank()) entries.add(Path.of(e));
    return entries;
  }

  /**
   * The code hash over the given classpath entries (only the Dream entries count); when none of them is a
   * Dream entry, {@code fallback} (a jar or classes directory, may be null) is hashed instead.
   */
  public static String codeHash(List<Path> classpath, Path fallback) {
    List<String> lines = new ArrayList<>();
    for (Path entry : classpath) lines.addAll(dreamItems(entry));
    if (lines.isEmpty() && fallback != null) lines.addAll(items(fallback));
    // Sort by key, then by digest: each line is "<digest>  <key>".
    lines.sort(Comparator.comparing((String l) -> l.substring(66)).thenComparing(l -> l.substring(0, 64)));
    MessageDigest md = sha256();
    for (String line : lines) md.update(line.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  private static List<String> dreamItems(Path entry) {
    if (Files.isRegularFile(entry)) {
      String name = entry.getFileName().toString();
      return name.startsWith("dream-") && name.endsWith(".jar") ? items(entry) : List.of();
    }
    boolean classesDir =
        Files.isDirectory(entry.resolve("dev").resolve("dream"))
            && !entry.getFileName().toString().equals("test-classes");
    return classesDir ? items(entry) : List.of();
  }

  /** The sha256sum lines of a jar (one line) or of the .class files under a directory. */
  private static List<String> items(Path entry) {
    try {
      if (Files.isRegularFile(entry)) return List.of(line(entry, entry.getFileName().toString()));
      if (!Files.isDirectory(entry)) return List.of();
      List<String> lines = new ArrayList<>();
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          if (!f.getFileName().toString().endsWith(".class")) continue;
          String key = entry.relativize(f).toString().replace(File.separatorChar, '/');
          lines.add(line(f, key));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + entry + " to compute the code hash", e);
    }
  }

  private static String line(Path file, String key) throws IOException {
    return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file))) + "  " + key + "\n";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static String readVersion() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(BUILD_PROPERTIES)) {
      if (in == null) return UNKNOWN_VERSION;
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").trim();
      return v.isEmpty() || v.contains("${") ? UNKNOWN_VERSION : v;
    } catch (IOException e) {
      return UNKNOWN_VERSION;
    }
  }

  private static Path ownLocation() {
    try {
      CodeSource src = BuildInfo.class.getProtectionDomain().getCodeSource();
      return src == null ? null : Path.of(src.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  /** Computed on first use only: hashing reads every Dream jar. */
  private static final class Lazy {
    static final String VERSION = readVersion();
    static final String CODE_HASH = codeHash(classpath(), ownLocation());
  }
}
