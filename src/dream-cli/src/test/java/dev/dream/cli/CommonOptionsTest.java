package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommonOptionsTest {
  @TempDir Path tmp;

  @Test
  void theOptionWinsOverEverything() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd/config"));
    Path given = tmp.resolve("given");
    assertEquals(
        given,
        CommonOptions.resolveConfigDir(given, Map.of("DREAM_CONFIG_DIR", "/env"), cwd.getParent(), tmp.toString()));
  }

  @Test
  void theEnvironmentComesNext() {
    assertEquals(
        Path.of("/env/config"),
        CommonOptions.resolveConfigDir(null, Map.of("DREAM_CONFIG_DIR", "/env/config"), tmp, null));
  }

  @Test
  void thenConfigInTheCurrentDirectory() throws Exception {
    Path cwd = tmp.resolve("cwd");
    Files.createDirectories(cwd.resolve("config"));
    Files.createDirectories(tmp.resolve("home/config"));
    assertEquals(
        cwd.resolve("config"), CommonOptions.resolveConfigDir(null, Map.of(), cwd, tmp.resolve("home").toString()));
  }

  @Test
  void thenTheConfigOfTheInstallation() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("config"));
    assertEquals(home.resolve("config"), CommonOptions.resolveConfigDir(null, Map.of(), cwd, home.toString()));
  }

  @Test
  void otherwiseConfigInTheCurrentDirectorySoThatItsAbsenceIsReported() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    assertEquals(
        cwd.resolve("config"), CommonOptions.resolveConfigDir(null, Map.of(), cwd, tmp.resolve("nohome").toString()));
  }
}
