package dev.dream.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dream} JVMs on 127.0.0.1 forming one cluster, each in a directory of its own under {@code work},
 * on free ports; the journal of the coordinators in {@code db}. Everything it started is killed on close.
 */
final class LocalCluster implements AutoCloseable {
  static final Path CONFIG = Path.of("src/test/resources/sim-cluster-config").toAbsolutePath();
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** One member: its directory, port and process. */
  record Node(String name, int port, DreamProcess process) {
    String address() {
      return "pekko://Dream@127.0.0.1:" + port;
    }

    String hostPort() {
      return "127.0.0.1:" + port;
    }

    String output() throws IOException {
      return process.output();
    }
  }

  private final Path work;
  private final PostgresDatabase db;
  private final List<DreamProcess> started = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  LocalCluster(Path work, PostgresDatabase db) {
    this.work = work;
    this.db = db;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * {@code dream node} with {@code roles}, joining {@code seed} (null: it starts the cluster). INFO logging,
   * so that its log says which trials it runs. A runner-only node gets no journal: it needs none.
   */
  Node node(String name, String roles, Node seed) throws IOException {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("node", "--port", String.valueOf(port), "--roles", roles,
        "--data", work.resolve(name).resolve("data").toString()));
    if (seed != null) args.addAll(List.of("--join", seed.hostPort()));
    return new Node(name, port, start(name, roles.contains("coordinator"), args));
  }

  /** {@code dream run --join seed --roles roles} with {@code campaign} (the run's own options). */
  Node run(String name, Node seed, String roles, String... campaign) throws IOException {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("run", "--join", seed.hostPort(), "--roles", roles, "--port", String.valueOf(port)));
    args.addAll(List.of(campaign));
    return new Node(name, port, start(name, true, args));
  }

  /** A {@code dream} command in this cluster's database (report, a resumed run), in {@code name}'s directory. */
  DreamProcess command(String name, String... args) throws IOException {
    return start(name, true, List.of(args));
  }

  private DreamProcess start(String name, boolean journal, List<String> args) throws IOException {
    Map<String, String> env = new HashMap<>(journal ? db.env() : Map.of());
    env.put("DREAM_LOG_LEVEL", "INFO");
    DreamProcess p = DreamProcess.start(work.resolve(name), env, args.toArray(String[]::new));
    started.add(p);
    names.add(name);
    return p;
  }

  /** The options of a sim campaign with half-second trials and seed 7, its files under {@code data}. */
  static String[] campaign(Path data, int population, int generations) {
    return campaign(data, population, generations, 2);
  }

  static String[] campaign(Path data, int population, int generations, int trials) {
    return new String[] {"--domain", "sim", "--config-dir", CONFIG.toString(), "--data", data.toString(), "--seed", "7",
        "--population", String.valueOf(population), "--generations", String.valueOf(generations), "--trials", String.valueOf(trials)};
  }

  /** Waits until each node is Up in the cluster (it prints its address and roles once it is). */
  static void awaitUp(Node... nodes) throws Exception {
    for (Node n : nodes) await(n.process(), Pattern.compile("^node " + Pattern.quote(n.address()) + "  roles", Pattern.MULTILINE), START_TIMEOUT, n.name() + " to be up");
  }

  /**
   * The first match of {@code pattern} in {@code p}'s output; fails when {@code p} ends first or after
   * {@code timeout}, with the output.
   */
  static Matcher await(DreamProcess p, Pattern pattern, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean alive = p.process.isAlive();
      Matcher m = pattern.matcher(p.output());
      if (m.find()) return m;
      if (!alive) throw new AssertionError("waiting for " + what + ", the process ended (exit " + p.process.exitValue() + "):\n" + p.output());
      if (System.nanoTime() > deadline) throw new AssertionError("waiting for " + what + ": nothing after " + timeout.toSeconds() + " s:\n" + p.output());
      Thread.sleep(10);
    }
  }

  static DreamProcess.Result awaitExit(DreamProcess p, Duration timeout) throws Exception {
    if (!p.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("not finished after " + timeout.toSeconds() + " s:\n" + p.output());
    }
    return new DreamProcess.Result(p.process.exitValue(), p.output());
  }

  private static final Pattern TRIAL_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO .* - trial (\\S+) (started|finished)", Pattern.MULTILINE);

  /** Trial ids whose "started" line is in {@code output}, in order, each mapped to whether it has finished. */
  static Map<String, Boolean> trials(String output) {
    Map<String, Boolean> trials = new LinkedHashMap<>();
    Matcher m = TRIAL_LINE.matcher(output);
    while (m.find()) {
      if (m.group(3).equals("started")) trials.put(m.group(2), false);
      else trials.put(m.group(2), true);
    }
    return trials;
  }

  /** The time of day of the first log line that starts trial {@code trialId}, if any. */
  static Optional<LocalTime> startOf(String output, String trialId) {
    Matcher m = TRIAL_LINE.matcher(output);
    while (m.find()) {
      if (m.group(2).equals(trialId) && m.group(3).equals("started")) return Optional.of(LocalTime.parse(m.group(1)));
    }
    return Optional.empty();
  }

  /** Milliseconds from {@code from} to a log line's {@code to} (same clock; a midnight in between is allowed for). */
  static long millisBetween(LocalTime from, LocalTime to) {
    long d = Duration.between(from, to).toMillis();
    return d < -12 * 3_600_000L ? d + 24 * 3_600_000L : d;
  }

  /** "trials recorded N, distinct trial ids N, recorded more than once N" of a {@code dream report}. */
  record Counts(long recorded, long distinct, long twice) {
    static Counts of(String report) {
      Matcher m = Pattern.compile("trials recorded (\\d+), distinct trial ids (\\d+), recorded more than once (\\d+)").matcher(report);
      if (!m.find()) throw new AssertionError("no trial counts in the report:\n" + report);
      return new Counts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }
  }

  /** Copies every log of this cluster to {@code dir} (target/, for a look after the test), NAME-N.log. */
  void keepLogs(Path dir) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    try (var old = java.nio.file.Files.list(dir)) {
      for (Path f : old.toList()) java.nio.file.Files.delete(f);
    }
    for (int i = 0; i < started.size(); i++) {
      java.nio.file.Files.copy(started.get(i).log, dir.resolve(names.get(i) + "-" + i + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** SIGKILL to every process this cluster started that is still alive. */
  void killAll() throws InterruptedException {
    for (DreamProcess p : started) if (p.process.isAlive()) p.kill();
  }

  @Override
  public void close() {
    try {
      killAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
