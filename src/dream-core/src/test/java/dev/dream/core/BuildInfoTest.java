package dev.dream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {
  @TempDir Path tmp;

  @Test
  void versionIsTheFilteredMavenVersion() {
    // Surefire runs against target/classes, where the resources plugin has filtered the version in.
    assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+([-.].+)?"), BuildInfo.version());
  }

  @Test
  void codeHashOfTheRunningBuildIsSha256Hex() {
    assertTrue(BuildInfo.codeHash().matches("sha256:[0-9a-f]{64}"), BuildInfo.codeHash());
  }

  @Test
  void codeHashOfJarsIsTheSha256sumOfTheSortedDigestLines() throws Exception {
    Path b = write(tmp.resolve("lib/dream-core-1.jar"), "core bytes");
    Path a = write(tmp.resolve("dream-cli-1.jar"), "cli bytes");
    String expected =
        sha256("" + sha256("cli bytes") + "  dream-cli-1.jar\n" + sha256("core bytes") + "  dream-core-1.jar\n");
    assertEquals("sha256:" + expected, BuildInfo.codeHash(List.of(b, a), null));
  }

  @Test
  void onlyDreamJarsAndDreamClassDirectoriesCount() throws Exception {
    Path dream = write(tmp.resolve("dream-core-1.jar"), "core");
    Path other = write(tmp.resolve("pekko-actor-1.jar"), "pekko");
    Path tests = write(tmp.resolve("m/target/test-classes/dev/dream/FooTest.class"), "test");
    Path noDream = write(tmp.resolve("x/classes/org/x/X.class"), "x");
    String alone = BuildInfo.codeHash(List.of(dream), null);
    assertEquals(
        alone,
        BuildInfo.codeHash(
            List.of(other, dream, tmp.resolve("m/target/test-classes"), tmp.resolve("x/classes")), null));
    assertTrue(Files.exists(tests) && Files.exists(noDream));
  }

  @Test
  void classDirectoriesHashTheirClassFilesWhereverTheyLive() throws Exception {
    write(tmp.resolve("one/classes/dev/dream/core/A.class"), "A");
    write(tmp.resolve("one/classes/dev/dream/core/notes.txt"), "ignored");
    write(tmp.resolve("two/classes/dev/dream/cli/B.class"), "B");
    write(tmp.resolve("elsewhere/x/dev/dream/core/A.class"), "A");
    write(tmp.resolve("elsewhere/y/dev/dream/cli/B.class"), "B");

    String here = BuildInfo.codeHash(List.of(tmp.resolve("one/classes"), tmp.resolve("two/classes")), null);
    String there = BuildInfo.codeHash(List.of(tmp.resolve("elsewhere/y"), tmp.resolve("elsewhere/x")), null);
    assertEquals(here, there);
    String expected =
        sha256(sha256("B") + "  dev/dream/cli/B.class\n" + sha256("A") + "  dev/dream/core/A.class\n");
    assertEquals("sha256:" + expected, here);
  }

  @Test
  void changingOneByteOfCodeChangesTheHash() throws Exception {
    Path jar = write(tmp.resolve("dream-core-1.jar"), "code v1");
    String before = BuildInfo.codeHash(List.of(jar), null);
    write(jar, "code v2");
    assertNotEquals(before, BuildInfo.codeHash(List.of(jar), null));
  }

  @Test
  void aRepackagedJarFallsBackToTheJarHoldingTheCode() throws Exception {
    Path fat = write(tmp.resolve("app.jar"), "everything");
    assertEquals(
        "sha256:" + sha256(sha256("everything") + "  app.jar\n"), BuildInfo.codeHash(List.of(fat), fat));
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
