package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code /sys} and {@code /proc} are read (and written, by knob actuators): {@code $DREAM_SYS_ROOT}
 * when set, else {@code /}. Tests point it at a fake tree and run the real probe and actuator code.
 */
public record SysRoot(Path root) {
  public static SysRoot fromEnv() {
    String r = System.getenv("DREAM_SYS_ROOT");
    return new SysRoot(Path.of(r == null || r.isBlank() ? "/" : r));
  }

  /** Whether this is the machine's own tree ("/"), not a test tree: real kernel interfaces, real effects. */
  public boolean isSystem() {
    return root.toAbsolutePath().normalize().equals(root.getFileSystem().getPath("/"));
  }

  /** The file that stands for the absolute path {@code absolute} (e.g. "/proc/stat") under this root. */
  public Path resolve(String absolute) {
    String rel = absolute;
    while (rel.startsWith("/")) rel = rel.substring(1);
    return rel.isEmpty() ? root : root.resolve(rel);
  }

  public static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).trim();
  }

  public static long readLong(Path p) throws IOException {
    String s = read(p);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException(p + " holds '" + s + "', not an integer");
    }
  }
}
