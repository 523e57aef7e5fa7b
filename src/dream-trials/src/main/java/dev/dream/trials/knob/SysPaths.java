package dev.dream.trials.knob;

import dev.dream.trials.probe.SysRoot;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves a knob's declared sysfs/procfs path or glob to the files it names under the system root, and
 * refuses anything else: the declared path must be absolute and inside its tree ({@code /sys} or
 * {@code /proc}), without "." or ".." segments, and every file it reaches must, after following symlinks,
 * still lie inside that tree under the root. A glob may use * ? [..] {..} within a segment.
 */
final class SysPaths {
  private SysPaths() {}

  static void checkDeclared(String declared, String top) {
    if (declared == null || !declared.startsWith(top + "/")) {
      throw new IllegalArgumentException("path " + declared + " is not under " + top + "; refused");
    }
    for (String seg : declared.substring(1).split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.contains("\\")) {
        throw new IllegalArgumentException("path " + declared + " has an empty, '.' or '..' segment; refused");
      }
    }
  }

  /** The existing regular files {@code declared} names under {@code root}, as absolute in-tree paths. */
  static List<String> expand(SysRoot root, String declared, String top) throws IOException {
    checkDeclared(declared, top);
    List<Path> current = List.of(root.root());
    for (String seg : declared.substring(1).split("/")) {
      List<Path> next = new ArrayList<>();
      if (isGlob(seg)) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + seg);
        for (Path dir : current) {
          if (!Files.isDirectory(dir)) continue;
          try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> m.matches(p.getFileName())).sorted().forEach(next::add);
          }
        }
      } else {
        for (Path dir : current) if (Files.exists(dir.resolve(seg))) next.add(dir.resolve(seg));
      }
      current = next;
    }
    List<String> files = new ArrayList<>();
    for (Path p : current) {
      checkInside(root, p, top, declared);
      if (Files.isRegularFile(p)) files.add("/" + root.root().relativize(p).toString().replace('\\', '/'));
    }
    if (files.isEmpty()) throw new java.nio.file.NoSuchFileException("no file matches " + declared + " under " + root.root());
    return files;
  }

  /** The file of {@code concrete} (an in-tree path from the journal), if it is one {@code declared} names. */
  static Path verified(SysRoot root, String declared, String concrete, String top) throws IOException {
    checkDeclared(declared, top);
    checkDeclared(concrete, top);
    if (!matches(declared, concrete)) {
      throw new IllegalArgumentException("path " + concrete + " is not one that " + declared + " names; refused");
    }
    Path p = root.resolve(concrete);
    checkInside(root, p, top, declared);
    return p;
  }

  static boolean matches(String declared, String concrete) {
    String[] d = declared.substring(1).split("/");
    String[] c = concrete.substring(1).split("/");
    if (d.length != c.length) return false;
    for (int i = 0; i < d.length; i++) {
      if (isGlob(d[i])) {
        if (!FileSystems.getDefault().getPathMatcher("glob:" + d[i]).matches(Path.of(c[i]))) return false;
      } else if (!d[i].equals(c[i])) {
        return false;
      }
    }
    return true;
  }

  private static void checkInside(SysRoot root, Path p, String top, String declared) throws IOException {
    Path tree = root.root().toRealPath().resolve(top.substring(1));
    Path real = p.toRealPath();
    if (!real.startsWith(tree)) {
      throw new IllegalArgumentException("path " + declared + " leads to " + real + ", outside " + tree + "; refused");
    }
  }

  private static boolean isGlob(String seg) {
    return seg.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[' || ch == '{');
  }
}
