package dev.dream.trials.workload.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;

/**
 * The KPIs of an iperf3 client run, from its JSON output ({@code -J}). iperf3 exits with status 0 even
 * when it could not connect; the JSON's {@code error} says so, and fails the trial.
 *
 * <p>TCP: {@code throughput_mbps} is what the receiver got ({@code end.sum_received}, Mbit/s = 10^6 bit/s),
 * {@code tcp_retransmits} the sender's retransmitted segments during the test, {@code mean_rtt_ms} the
 * mean of the streams' smoothed round-trip times (where the kernel reports them). UDP: {@code throughput_mbps}
 * at the receiver, {@code jitter_ms} and {@code lost_pct}. iperf3 measures throughput, not the latency of
 * requests, so {@code p95_latency_ms} is unavailable with that reason.
 */
public final class Iperf3Result {
  public static final String THROUGHPUT = "throughput_mbps";
  public static final String RETRANSMITS = "tcp_retransmits";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Iperf3Result() {}

  public static WorkloadResult parse(String output) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("iperf3's JSON output is not readable: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw new IOException("iperf3 printed no JSON object");
    if (root.hasNonNull("error")) throw new IOException("iperf3: " + root.get("error").asText());
    JsonNode end = root.path("end");
    String protocol = root.path("start").path("test_start").path("protocol").asText("TCP");
    WorkloadResult.Builder b = new WorkloadResult.Builder();
    b.unavailable("p95_latency_ms", "iperf3 measures throughput, not the latency of requests");
    if (protocol.equalsIgnoreCase("UDP")) {
      // iperf3 3.x puts the receiver's view in sum_received; older releases only in sum.
      JsonNode rx = end.path("sum_received").has("jitter_ms") ? end.path("sum_received") : end.path("sum");
      b.put(THROUGHPUT, number(rx, "bits_per_second") / 1e6, "iperf3 reported no UDP throughput");
      b.put("jitter_ms", number(rx, "jitter_ms"), "iperf3 reported no jitter");
      b.put("lost_pct", number(rx, "lost_percent"), "iperf3 reported no packet loss");
      return b.build();
    }
    JsonNode rx = end.path("sum_received");
    if (!rx.has("bits_per_second")) throw new IOException("iperf3's JSON output has no end.sum_received: the test did not complete");
    b.put(THROUGHPUT, number(rx, "bits_per_second") / 1e6, "iperf3 reported no throughput");
    JsonNode tx = end.path("sum_sent");
    if (tx.has("retransmits")) b.put(RETRANSMITS, number(tx, "retransmits"), "iperf3 reported no retransmits");
    else b.unavailable(RETRANSMITS, "iperf3 reported no retransmit count (it reads it from the kernel's TCP_INFO, on Linux only)");
    double rtt = 0;
    int streams = 0;
    for (JsonNode s : end.path("streams")) {
      JsonNode v = s.path("sender").path("mean_rtt");
      if (v.isNumber()) {
        rtt += v.asDouble();
        streams++;
      }
    }
    if (streams > 0) b.put("mean_rtt_ms", rtt / streams / 1000.0, "no RTT");
    else b.unavailable("mean_rtt_ms", "iperf3 reported no round-trip times");
    return b.build();
  }

  private static double number(JsonNode n, String key) {
    JsonNode v = n.path(key);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }
}
