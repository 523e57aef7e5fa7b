package dev.dream.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runner nodes on this machine for a multi-node benchmark: {@code dream node --roles runner} JVMs, started
 * with this JVM's own java, class path and options, each in a directory of its own under {@code dir},
 * joining {@code seed} over loopback. They are the same processes an operator starts on a fleet, so what
 * the benchmark measures is the real cluster path (Artery, the Receptionist, leases), not a shortcut.
 */
final class LocalRunnerNodes implements AutoCloseable {
  /** A runner given this long to finish its trial and leave before it is killed. */
  private static final long LEAVE_TIMEOUT_S = 30;

  /** One started runner: its log and process. */
  record Runner(String name, int port, Path log, Process process) {
    String tail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }
  }

  private final List<Runner> runners;

  private LocalRunnerNodes(List<Runner> runners) {
    this.runners = runners;
  }

  List<Runner> runners() {
    return runners;
  }

  /**
   * Starts {@code count} runner nodes joining {@code seed} (HOST:PORT), each with {@code hoconFiles} (so that
   * the slots, TLS and the other settings are the benchmark's own).
   */
  static LocalRunnerNodes start(int count, Path dir, String seed, List<Path> hoconFiles) throws IOException {
    List<Runner> started = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        String name = "runner" + i;
        Path home = Files.createDirectories(dir.resolve(name));
        int port = freePort();
        List<String> argv = new ArrayList<>(javaCommand());
        argv.addAll(List.of("node", "--roles", "runner", "--host", "127.0.0.1", "--port", String.valueOf(port),
            "--join", seed, "--data", home.resolve("data").toString()));
        for (Path h : hoconFiles) argv.addAll(List.of("--hocon", h.toAbsolutePath().toString()));
        Path log = home.resolve("node.log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        started.add(new Runner(name, port, log, pb.start()));
      }
    } catch (IOException | RuntimeException e) {
      new LocalRunnerNodes(started).close();
      throw e;
    }
    return new LocalRunnerNodes(List.copyOf(started));
  }

  /** The first runner that has ended, if any (it could not start or join: its log says why). */
  Runner ended() {
    for (Runner r : runners) if (!r.process().isAlive()) return r;
    return null;
  }

  /**
   * java, this JVM's options (heap, {@code dream.home}; debugging agents left out, as their ports would
   * clash) and class path, and Dream's main class: the {@code dream} launcher's own command.
   */
  private static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-agentlib") || arg.startsWith("-javaagent") || arg.startsWith("-Xrunjdwp") || arg.startsWith("-Xdebug")) continue;
      cmd.add(arg);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    return cmd;
  }

  /** A port nothing listens on now, on loopback. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** SIGTERM to each (a runner finishes its trial and leaves), then SIGKILL to any still there. */
  @Override
  public void close() {
    for (Runner r : runners) r.process().destroy();
    for (Runner r : runners) {
      try {
        if (!r.process().waitFor(LEAVE_TIMEOUT_S, TimeUnit.SECONDS)) r.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        r.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
