package dev.dream.core.pack;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The one JSON configuration of every output file. Strict: a NaN or an infinity is an error when written
 * (the original wrote {@code -Infinity}, which no strict parser reads) and when read; unknown fields are an
 * error when read. Fields come out in the order the records declare them, maps in their own order, so
 * equal values give byte-identical files.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(finiteNumbersOnly())
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** One line, as in a JSONL file. */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
    }
  }

  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /** The JSON tree of a value, through the same strict serializers as the files. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value); // throws IllegalArgumentException on a non-finite number
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  public static <T> T read(Path file, Class<T> type) throws IOException {
    return MAPPER.readValue(file.toFile(), type);
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Pretty JSON and a final newline, written atomically. */
  public static void writeAtomically(Path file, Object value) throws IOException {
    writeAtomically(file, (pretty(value) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Write to a temporary file in the same directory, fsync it, rename it over the target, fsync the
   * directory: a reader sees the old file or the new one, never a torn one, even after a crash (the
   * original rewrote baselines.json in place, defect 13).
   */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Appends one compact line and fsyncs. Appending is not atomic: after a crash the last line may be
   * torn, so readers of a JSONL file skip a last line that does not parse. The file is a projection of the
   * journal and can be re-exported whole.
   */
  public static void appendLine(Path file, Object value) throws IOException {
    byte[] line = (compact(value) + "\n").getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open a directory; the rename itself is still atomic there.
    }
  }

  private static SimpleModule finiteNumbersOnly() {
    JsonSerializer<Double> doubles = new JsonSerializer<>() {
      @Override
      public void serialize(Double v, JsonGenerator gen, SerializerProvider p) throws IOException {
        if (!Double.isFinite(v))
          throw new JsonGenerationException(v + " at " + gen.getOutputContext().pathAsPointer()
              + " is not a JSON number: a missing measurement must be absent or null", gen);
        gen.writeNumber(v);
      }
    };
    JsonSerializer<Float> floats = new JsonSerializer<>() {
      @Override
      public void serialize(Float v, JsonGenerator gen, SerializerProvider p) throws IOException {
        doubles.serialize(v.doubleValue(), gen, p);
      }
    };
    SimpleModule m = new SimpleModule("finite-numbers-only");
    m.addSerializer(Double.class, doubles);
    m.addSerializer(Double.TYPE, doubles);
    m.addSerializer(Float.class, floats);
    m.addSerializer(Float.TYPE, floats);
    return m;
  }
}
