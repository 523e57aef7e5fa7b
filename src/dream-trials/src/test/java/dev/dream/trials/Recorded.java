package dev.dream.trials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real tool outputs recorded under src/test/resources/recorded (see the README there for their origin). */
public final class Recorded {
  private Recorded() {}

  public static String read(String path) {
    try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + path)) {
      if (in == null) throw new IllegalArgumentException("no recorded output " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
