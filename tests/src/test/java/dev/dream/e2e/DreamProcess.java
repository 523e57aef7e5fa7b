package dev.dream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code dream} JVM, started with this test's classpath; output goes to a log file. */
final class DreamProcess {
  final Process process;
  final Path log;

  private DreamProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static DreamProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.dream.cli.Main");
    cmd.addAll(List.of(args));
    Files.createDirectories(workDir);
    Path log = Files.createTempFile(workDir, "dream-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("DREAM_DB_URL");
    pb.environment().putAll(env);
    return new DreamProcess(pb.start(), log);
  }

  static Result run(Path workDir, Map<String, String> env, long timeoutS, String... args) throws Exception {
    DreamProcess p = start(workDir, env, args);
    if (!p.process.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.process.destroyForcibly();
      throw new AssertionError("dream " + String.join(" ", args) + " did not finish in " + timeoutS + " s:\n" + p.output());
    }
    return new Result(p.process.exitValue(), p.output());
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: no shutdown hook, no coordinated shutdown; what the journal has is all that survives. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a supervisor stops a process (systemd, docker stop), and its end within {@code timeoutS}. */
  Result stop(long timeoutS) throws Exception {
    process.destroy();
    if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("not stopped " + timeoutS + " s after SIGTERM:\n" + output());
    }
    return new Result(process.exitValue(), output());
  }

  record Result(int exit, String output) {}
}
