package dev.dream.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  @Test
  void atomicWriteReplacesTheFileAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/best.json");
    Json.writeAtomically(f, Map.of("a", 1));
    Json.writeAtomically(f, Map.of("a", 2));
    assertEquals("{\n  \"a\": 2\n}\n", Files.readString(f));
    try (Stream<Path> files = Files.list(f.getParent())) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void aNonFiniteNumberIsNeverWrittenAndTheOldFileSurvives(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("pack.json");
    Json.writeAtomically(f, Map.of("score", 1.5));
    assertThrows(IllegalArgumentException.class, () -> Json.writeAtomically(f, Map.of("score", Double.NEGATIVE_INFINITY)));
    assertThrows(IllegalArgumentException.class, () -> Json.compact(List.of(Float.NaN)));
    assertEquals("{\n  \"score\": 1.5\n}\n", Files.readString(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void readingIsStrict() {
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": NaN}"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} trailing"));
  }

  @Test
  void timestampsAreUtcToTheSecond() {
    java.time.Instant t = java.time.Instant.parse("2025-10-08T15:46:00.999Z");
    assertEquals("2025-10-08T15:46:00Z", Timestamps.utc(t));
    assertEquals("2025-10-08T15-46-00Z", Timestamps.idForm(t));
    assertEquals(java.time.Instant.parse("2025-10-08T15:46:00Z"), Timestamps.parseUtc("2025-10-08T15:46:00Z"));
  }
}
