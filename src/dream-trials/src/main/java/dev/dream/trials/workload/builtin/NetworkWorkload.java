package dev.dream.trials.workload.builtin;

import dev.dream.trials.workload.Params;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadContext;
import dev.dream.trials.workload.WorkloadResult;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code builtin-network}: request/response over loopback TCP on 127.0.0.1 only (nothing leaves the
 * machine). An echo server answers each request with as many bytes; over each of {@code connections}
 * connections (default 4) a client sends {@code payload_bytes} (default 64) and waits for the whole answer
 * before the next request, so one operation is one round trip, timed. {@code threads} client threads
 * (default: one per connection, at most that many) share the connections, each taking its connections in
 * turn. KPIs: {@code requests_per_s}, {@code throughput_mbps} (payload bytes sent plus received, Mbit/s =
 * 10^6 bit/s), {@code p50/p95/p99_latency_ms}.
 */
public final class NetworkWorkload implements Workload {
  public static final String RPS = "requests_per_s";
  public static final String MBPS = "throughput_mbps";

  private final List<Closeable> open = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new ArrayList<>();
  private int messageBytes;
  private int threads;

  @Override
  public Set<String> kpis() {
    return Latencies.withPercentiles(RPS, MBPS);
  }

  @Override
  public void warmUp(WorkloadContext ctx) throws Exception {
    SetUpWarmUp.run(ctx, () -> setUp(ctx), seconds -> exchange(ctx, seconds));
  }

  private void setUp(WorkloadContext ctx) throws IOException {
    if (!clients.isEmpty()) return;
    Params p = ctx.param();
    int connections = (int) p.integer("connections", 4, 1, 1024);
    messageBytes = (int) p.integer("payload_bytes", 64, 1, 1 << 20);
    threads = (int) Math.min(connections, p.integer("threads", connections, 1, 1024));
    // Closing the sockets is what unblocks a worker waiting on a read when the trial is cancelled.
    ctx.onCancel(this::closeAll);
    ServerSocket server = new ServerSocket(0, connections, InetAddress.getLoopbackAddress());
    open.add(server);
    Thread acceptor = new Thread(() -> accept(server), "dream-net-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    for (int i = 0; i < connections; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      s.setTcpNoDelay(true);
      open.add(s);
      clients.add(s);
    }
  }

  private void accept(ServerSocket server) {
    try {
      while (!server.isClosed()) {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        open.add(s);
        Thread echo = new Thread(() -> echo(s), "dream-net-echo");
        echo.setDaemon(true);
        echo.start();
      }
    } catch (IOException e) {
      // closed at the end of the trial
    }
  }

  private void echo(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[messageBytes];
      while (true) {
        in.readFully(buf);
        out.write(buf);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away: the trial is over
    }
  }

  @Override
  public WorkloadResult run(WorkloadContext ctx) throws Exception {
    setUp(ctx);
    long start = System.nanoTime();
    Latencies lat = exchange(ctx, ctx.durationS());
    double elapsed = (System.nanoTime() - start) / 1e9;
    String none = "no request completed in " + elapsed + " s";
    WorkloadResult.Builder b = new WorkloadResult.Builder()
        .put(RPS, lat.count() > 0 ? lat.count() / elapsed : Double.NaN, none)
        .put(MBPS, lat.count() > 0 ? lat.count() * 2.0 * messageBytes * 8 / elapsed / 1e6 : Double.NaN, none);
    return lat.putPercentiles(b, none).build();
  }

  private Latencies exchange(WorkloadContext ctx, double seconds) throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    Latencies.PerWorker per = new Latencies.PerWorker(threads);
    Workers.runAll("dream-net-client", threads, w -> {
      List<OutputStream> outs = new ArrayList<>();
      List<DataInputStream> ins = new ArrayList<>();
      for (int c = w; c < clients.size(); c += threads) {
        outs.add(clients.get(c).getOutputStream());
        ins.add(new DataInputStream(clients.get(c).getInputStream()));
      }
      byte[] request = new byte[messageBytes];
      byte[] response = new byte[messageBytes];
      Latencies l = per.of(w);
      int next = 0;
      while (System.nanoTime() < end && !ctx.cancelled()) {
        OutputStream out = outs.get(next);
        DataInputStream in = ins.get(next);
        next = (next + 1) % outs.size();
        long t = System.nanoTime();
        out.write(request);
        out.flush();
        in.readFully(response);
        l.record(System.nanoTime() - t);
        request[0]++;
      }
    }, this::closeAll);
    return per.merged();
  }

  private void closeAll() {
    for (Closeable c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    closeAll();
  }
}
