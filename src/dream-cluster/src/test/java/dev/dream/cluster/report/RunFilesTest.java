package dev.dream.cluster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {
  @TempDir Path data;

  @Test
  void removesWhatAKilledWriteLeftButNothingElse() throws Exception {
    RunFiles files = new RunFiles(data, "run-1");
    Path cands = Files.createDirectories(files.runDir().resolve("candidates").resolve("sim"));
    Files.writeString(cands.resolve("gen0_c0.json"), "{}");
    Files.writeString(cands.resolve(".gen0_c1.json.4711.tmp"), "{\"torn");
    Files.writeString(files.runDir().resolve(".best.json.42.tmp"), "");
    Files.writeString(files.runDir().resolve("notes.tmp"), "not one of ours: no leading dot");
    Files.writeString(data.resolve(".baselines.json.7.tmp"), "another run's write may be in flight here");

    files.removeInterruptedWrites();

    try (Stream<Path> all = Files.walk(data)) {
      assertEquals(List.of(".baselines.json.7.tmp", "gen0_c0.json", "notes.tmp"),
          all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aRunWithoutFilesYetIsFine() throws Exception {
    new RunFiles(data, "never-started").removeInterruptedWrites();
  }
}
