package dev.dream.cluster.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  public static Path open(Path dir) throws Rejected {
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
        return abs;
      }
      if (Files.isDirectory(abs)) {
        try (Stream<Path> entries = Files.list(abs)) {
          if (entries.findAny().isPresent()) {
            throw new Rejected(abs + " is not a Dream data directory (it has files but no " + MARKER
                + "); pass --data with an empty or new directory");
          }
        }
      }
      Files.createDirectories(abs.resolve("journal"));
      Files.writeString(marker, FORMAT, StandardCharsets.UTF_8);
      return abs;
    } catch (IOException e) {
      throw new Rejected("cannot use data directory " + abs + ": " + e);
    }
  }
}
