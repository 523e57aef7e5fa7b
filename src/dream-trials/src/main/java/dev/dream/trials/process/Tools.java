package dev.dream.trials.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the external programs a node runs (stress-ng, fio, iperf3, nvidia-smi, taskset…) on a search path,
 * so that a missing one is reported as "X is not installed on this node" before anything starts, rather
 * than as an obscure exec failure, or worse, a zero.
 */
public final class Tools {
  private final List<Path> path;

  private Tools(List<Path> path) {
    this.path = List.copyOf(path);
  }

  /** The directories of this process's {@code PATH}. */
  public static Tools system() {
    return onPath(System.getenv("PATH"));
  }

  /** A search path given as {@code PATH} text (directories separated by ':'); tests point it elsewhere. */
  public static Tools onPath(String pathText) {
    List<Path> dirs = new ArrayList<>();
    if (pathText != null) {
      for (String d : pathText.split(File.pathSeparator)) if (!d.isBlank()) dirs.add(Path.of(d));
    }
    return new Tools(dirs);
  }

  /** The executable {@code name} on the search path; a name with a '/' is taken as a path as it stands. */
  public Optional<Path> find(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir : path) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Like {@link #find}, or a {@link ToolMissingException} that says so in words. */
  public Path require(String name) throws ToolMissingException {
    return find(name).orElseThrow(() -> new ToolMissingException(name, missing(name)));
  }

  public String missing(String name) {
    return name.contains("/")
        ? name + " is not an executable file on this node"
        : name + " is not installed on this node (not found on PATH)";
  }

  /** The directories searched, for a message. */
  public List<Path> path() {
    return path;
  }
}
