package dev.dream.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undoing what opening a data directory did: a command that fails before recording anything leaves no trace. */
class DataDirTest {
  @TempDir Path tmp;

  @Test
  void aDirectoryThatDidNotExistGoesWithTheParentsMadeForIt() throws Exception {
    Path data = tmp.resolve("a").resolve("b").resolve("data");
    DataDir.Opened opened = DataDir.prepare(data);
    assertEquals(new DataDir.Opened.Created(data, tmp.resolve("a")), opened);
    assertTrue(Files.isRegularFile(data.resolve(DataDir.MARKER)));
    Files.createDirectories(data.resolve("node"));
    Files.writeString(data.resolve("node").resolve("apply-journal"), "");

    opened.undo();
    assertFalse(Files.exists(tmp.resolve("a")));
    assertTrue(Files.isDirectory(tmp), "what existed before stays");
  }

  @Test
  void anEmptyDirectoryIsLeftEmpty() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    DataDir.Opened opened = DataDir.prepare(data);
    assertInstanceOf(DataDir.Opened.Initialised.class, opened);
    Files.writeString(data.resolve("journal").resolve("dream.mv.db"), "x");

    opened.undo();
    assertTrue(Files.isDirectory(data));
    try (Stream<Path> entries = Files.list(data)) {
      assertEquals(0, entries.count());
    }
  }

  @Test
  void anExistingDataDirectoryIsLeftAsItIs() throws Exception {
    Path data = tmp.resolve("data");
    DataDir.prepare(data);
    Files.createDirectories(data.resolve("runs").resolve("r1"));
    DataDir.Opened again = DataDir.prepare(data);
    assertEquals(new DataDir.Opened.Existing(data), again);

    again.undo();
    assertTrue(Files.isDirectory(data.resolve("runs").resolve("r1")));
    assertTrue(Files.isRegularFile(data.resolve(DataDir.MARKER)));
  }
}
