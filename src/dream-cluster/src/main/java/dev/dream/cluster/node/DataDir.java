package dev.dream.cluster.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data directory, marked by {@code dream-data.json} so that Dream never writes into a directory it did
 * not create (a mistyped {@code --data} pointing at a home directory, say) and so that a damaged one is
 * recognised before the journal is opened.
 */
public final class DataDir {
  public static final String MARKER = "dream-data.json";
  private static final String FORMAT = "{\"format\": \"dream-data\", \"version\": 1}\n";

  private DataDir() {}

  /** Thrown for a directory that is not, or no longer, a Dream data directory: exit status 2. */
  public static final class Rejected extends Exception {
    public Rejected(String message) {
      super(message);
    }
  }

  /** What opening a data directory found, so that a command that then fails before recording anything can undo it. */
  public sealed interface Opened {
    Path dir();

    /** Puts the file system back as opening found it (nothing to do for a data directory that existed). */
    void undo() throws IOException;

    /** It was a data directory already: it stays as it is. */
    record Existing(Path dir) implements Opened {
      @Override
      public void undo() {}
    }

    /** An empty directory made a data directory: what is in it now came from this command. */
    record Initialised(Path dir) implements Opened {
      @Override
      public void undo() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path p : entries.toList()) deleteTree(p);
        }
      }
    }

    /** It did not exist: {@code topmost} (the directory or the first of its parents that did not exist either) came from this command. */
    record Created(Path dir, Path topmost) implements Opened {
      @Override
      public void undo() throws IOException {
        deleteTree(topmost);
      }
    }
  }

  public static Path open(Path dir) throws Rejected {
    return prepare(dir).dir();
  }

  /** Opens {@code dir} like {@link #open}, and says whether it existed. */
  public static Opened prepare(Path dir) throws Rejected {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (Files.exists(abs) && !Files.isDirectory(abs)) throw new Rejected(abs + " is a file, not a data directory; pass --data with a directory");
      Path marker = abs.resolve(MARKER);
      if (Files.exists(marker)) {
        String text = Files.readString(marker, StandardCharsets.UTF_8);
        if (!text.replaceAll("\\s", "").contains("\"format\":\"dream-data\"")) {
          throw new Rejected(marker + " is damaged (expected " + FORMAT.trim() + "); restore it or use another --data directory");
        }
        if (Files.exists(abs.resolve("journal")) && !Files.isDirectory(abs.resolve("journal"))) {
          throw new Rejected(abs.resolve("journal") + " is not a directory; the data directory is damaged");
        }
        return new Opened.Existing(abs);
      }
      Opened opened;
      if (Files.isDirectory(abs)) {
        try (Stream<Path> entries = Files.list(abs)) {
          if (entries.findAny().isPresent()) {
            throw new Rejected(abs + " is not a Dream data directory (it has files but no " + MARKER
                + "); pass --data with an empty or new directory");
          }
        }
        opened = new Opened.Initialised(abs);
      } else {
        Path topmost = abs;
        while (topmost.getParent() != null && !Files.exists(topmost.getParent())) topmost = topmost.getParent();
        opened = new Opened.Created(abs, topmost);
      }
      Files.createDirectories(abs.resolve("journal"));
      Files.writeString(marker, FORMAT, StandardCharsets.UTF_8);
      return opened;
    } catch (IOException e) {
      throw new Rejected("cannot use data directory " + abs + ": " + e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> all = Files.walk(root)) {
      // deepest first, so that each directory is empty when its turn comes
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
