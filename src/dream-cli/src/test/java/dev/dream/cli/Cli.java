package dev.dream.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code dream} in-process with captured streams. */
record Cli(int exitCode, String out, String err) {

  static Cli run(String... args) {
    return run(Main.commandLine(), args);
  }

  static Cli run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The repository root (surefire runs in src/dream-cli): the first ancestor with pom.xml and config/. */
  static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("config"))) return p;
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
