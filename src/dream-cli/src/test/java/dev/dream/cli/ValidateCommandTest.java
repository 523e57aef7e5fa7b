package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path tmp;

  @Test
  void theShippedConfigIsValid() throws IOException {
    Path config = Cli.repoRoot().resolve("config");
    Cli r = Cli.run("validate", "--config-dir", config.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("domain "), r.out());
    for (String domain : shippedDomains(config)) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(domain + " ")), domain + " missing in\n" + r.out());
    }
    assertTrue(r.out().contains("config OK: "), r.out());
  }

  @Test
  void aProblemIsReportedAtItsFileLineAndColumnWithExitStatus2() throws IOException {
    Path config = copyOfShippedConfig();
    Path caps = config.resolve("caps.yaml");
    List<String> lines = Files.readAllLines(caps);
    Files.writeString(caps, String.join("\n", lines) + "\nno_such_key: 1\n");
    int badLine = lines.size() + 1;

    Cli r = Cli.run("validate", "--config-dir", config.toString());

    assertEquals(ExitCodes.USAGE, r.exitCode(), r.out());
    assertTrue(r.err().contains("caps.yaml:" + badLine + ":1: "), r.err());
    assertTrue(r.err().contains("no_such_key"), r.err());
    assertTrue(r.err().contains("1 problem in " + config), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aMissingConfigDirectoryIsBadConfig() {
    Cli r = Cli.run("validate", "--config-dir", tmp.resolve("absent").toString());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("config directory " + tmp.resolve("absent") + " does not exist"), r.err());
  }

  @Test
  void aBrokenHoconFileIsReportedWithItsLine() throws IOException {
    Path hocon = Files.writeString(tmp.resolve("bad.conf"), "dream {\n  a = 1\n  b = [\n");
    Cli r = Cli.run("validate", "--config-dir", Cli.repoRoot().resolve("config").toString(), "--hocon", hocon.toString());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains(hocon + ":"), r.err());
    assertTrue(r.err().contains("1 problem in --hocon files"), r.err());
  }

  private Path copyOfShippedConfig() throws IOException {
    Path from = Cli.repoRoot().resolve("config");
    Path to = tmp.resolve("config");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
    return to;
  }

  private static List<String> shippedDomains(Path config) throws IOException {
    try (Stream<Path> files = Files.list(config.resolve("domains"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    }
  }
}
