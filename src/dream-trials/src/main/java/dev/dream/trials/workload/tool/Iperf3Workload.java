package dev.dream.trials.workload.tool;

import dev.dream.trials.process.ExternalProcess;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code iperf3}: an iperf3 client with the regime's {@code args} (e.g. {@code ["-P", "4"]} or
 * {@code ["-u", "-b", "1G"]}; "{knob}" takes the candidate's value) for the regime's duration, whole seconds
 * ({@link Iperf3Result}).
 *
 * <p>Without {@code -c HOST} in the args, the test runs over loopback: Dream starts its own one-off server,
 * {@code iperf3 -s -1 -B 127.0.0.1 -p <free port>}, for each client run, so nothing listens beyond loopback
 * and nothing is left running. With {@code -c HOST} the args name a server that must already run there.
 * Dream sets {@code -t} and {@code -J}; options that would make this a server, a daemon or write files are
 * refused. The warm-up runs one client for warmup_s.
 */
public final class Iperf3Workload extends ToolWorkload {
  public static final String TOOL = "iperf3";
  private static final List<String> OWNED = List.of(
      "-t", "--time", "-n", "--bytes", "-k", "--blockcount", "-J", "--json", "--logfile", "-s", "--server",
      "-D", "--daemon", "-I", "--pidfile", "-1", "--one-off", "--json-stream");
  private static final long SERVER_START_MS = 5000;
  static final String NOT_LATENCY = "iperf3 measures throughput, not the latency of requests";

  public Iperf3Workload(Tools tools) {
    super(TOOL, tools, OWNED, "Dream sets the test time and reads the JSON result, and runs the client only",
        Map.of("p95_latency_ms", NOT_LATENCY));
  }

  @Override
  public Set<String> kpis() {
    return Set.of(Iperf3Result.THROUGHPUT, Iperf3Result.RETRANSMITS);
  }

  @Override
  List<String> args(WorkloadContext ctx) {
    List<String> args = super.args(ctx);
    if (ToolArgs.value(args, "-c", "--client") == null && (ToolArgs.has(args, "-p") || ToolArgs.has(args, "--port"))) {
      throw new IllegalArgumentException("iperf3 -p is only allowed together with -c HOST: over loopback Dream picks a free port for its own server");
    }
    return args;
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    warmUpWholeSeconds(ctx, (args, seconds) -> client(ctx, args, seconds, "iperf3-warmup"));
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    String out = client(ctx, args(ctx), ToolArgs.wholeSeconds(TOOL, ctx.durationS(), "duration_s"), "iperf3");
    return Iperf3Result.parse(out);
  }

  private String client(WorkloadContext ctx, List<String> args, long seconds, String label) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add(TOOL);
    ExternalProcess server = null;
    try {
      if (ToolArgs.value(args, "-c", "--client") == null) {
        int port = freePort();
        server = ExternalProcess.start(ctx, tools,
            List.of(TOOL, "-s", "-1", "-B", "127.0.0.1", "-p", Integer.toString(port)), label + "-server");
        awaitListening(ctx, server, port);
        argv.addAll(List.of("-c", "127.0.0.1", "-p", Integer.toString(port)));
      }
      argv.addAll(List.of("-t", Long.toString(seconds), "-J"));
      argv.addAll(args);
      ExternalProcess client = ExternalProcess.start(ctx, tools, argv, label);
      int code = client.waitFor();
      String json = client.stdoutText();
      if (code != 0 && json.isBlank()) throw new IOException("iperf3 exited with status " + code + ": " + client.stderrTail());
      return json;
    } finally {
      if (server != null) server.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until the server listens, by looking for its socket in /proc/net/tcp rather than by connecting:
   * a one-off server would take a probing connection for its one test.
   */
  private static void awaitListening(WorkloadContext ctx, ExternalProcess server, int port) throws Exception {
    String local = String.format(Locale.ROOT, "0100007F:%04X", port);
    long end = System.nanoTime() + SERVER_START_MS * 1_000_000;
    while (System.nanoTime() < end) {
      if (listening(local)) return;
      if (!server.alive()) throw new IOException("the iperf3 server on 127.0.0.1:" + port + " stopped: " + server.stderrTail());
      ctx.sleep(0.02);
    }
    throw new IOException("the iperf3 server did not listen on 127.0.0.1:" + port + " within " + SERVER_START_MS + " ms: " + server.stderrTail());
  }

  private static boolean listening(String local) throws IOException {
    Path tcp = Path.of("/proc/net/tcp");
    if (!Files.exists(tcp)) return true; // not Linux: let the client find out
    for (String line : Files.readAllLines(tcp, StandardCharsets.US_ASCII)) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) return true;
    }
    return false;
  }
}
