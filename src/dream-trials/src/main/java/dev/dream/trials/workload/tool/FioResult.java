package dev.dream.trials.workload.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;

/**
 * The KPIs of a fio run, from its JSON output ({@code --output-format=json}).
 *
 * <p>Over every job and every direction (read, write, trim) that did I/O: {@code iops} (summed; also
 * {@code read_iops} and {@code write_iops}), {@code mb_per_s} (bytes per second summed, MB = 10^6 bytes),
 * and {@code p50/p95/p99_latency_ms} from fio's completion-latency percentiles ({@code clat_ns}). fio keeps a
 * histogram per job and direction and does not merge them, so with several, each percentile is the worst of
 * them: a candidate is never made to look better than its slowest direction.
 */
public final class FioResult {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] DIRECTIONS = {"read", "write", "trim"};
  private static final String[][] PERCENTILES = {
      {"p50_latency_ms", "50.000000"}, {"p95_latency_ms", "95.000000"}, {"p99_latency_ms", "99.000000"}};

  private FioResult() {}

  public static WorkloadResult parse(String output) throws IOException {
    // fio may put notes before the JSON document in its output file.
    int start = output.indexOf('{');
    if (start < 0) throw new IOException("fio wrote no JSON: " + abbreviate(output));
    JsonNode root;
    try {
      root = JSON.readTree(output.substring(start));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("fio's JSON output is not readable: " + e.getOriginalMessage());
    }
    JsonNode jobs = root.path("jobs");
    if (!jobs.isArray() || jobs.isEmpty()) throw new IOException("fio's JSON output has no jobs");
    double iops = 0;
    double readIops = 0;
    double writeIops = 0;
    double bytesPerS = 0;
    long ios = 0;
    double[] worst = {Double.NaN, Double.NaN, Double.NaN};
    boolean percentilesMissing = false;
    for (JsonNode job : jobs) {
      int error = job.path("error").asInt(0);
      if (error != 0) {
        throw new IOException("fio job " + job.path("jobname").asText("?") + " failed with error " + error + " (" + errno(error) + ")");
      }
      for (String dir : DIRECTIONS) {
        JsonNode d = job.path(dir);
        long n = d.path("total_ios").asLong(0);
        if (n <= 0) continue;
        ios += n;
        double dIops = d.path("iops").asDouble(0);
        iops += dIops;
        if (dir.equals("read")) readIops += dIops;
        if (dir.equals("write")) writeIops += dIops;
        bytesPerS += d.path("bw_bytes").asDouble(d.path("bw").asDouble(0) * 1024);
        JsonNode pct = d.path("clat_ns").path("percentile");
        for (int i = 0; i < PERCENTILES.length; i++) {
          JsonNode v = pct.path(PERCENTILES[i][1]);
          if (!v.isNumber()) {
            percentilesMissing = true;
            continue;
          }
          double ms = v.asDouble() / 1e6;
          if (Double.isNaN(worst[i]) || ms > worst[i]) worst[i] = ms;
        }
      }
    }
    WorkloadResult.Builder b = new WorkloadResult.Builder();
    if (ios == 0) {
      String none = "fio did no I/O in this trial";
      for (String k : new String[] {"iops", "read_iops", "write_iops", "mb_per_s", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms"}) {
        b.unavailable(k, none);
      }
      return b.build();
    }
    b.put("iops", iops, "fio reported no IOPS");
    b.put("read_iops", readIops, "fio reported no read IOPS");
    b.put("write_iops", writeIops, "fio reported no write IOPS");
    b.put("mb_per_s", bytesPerS / 1e6, "fio reported no bandwidth");
    String why = percentilesMissing
        ? "fio reported no completion-latency percentiles (clat_percentiles off?)"
        : "fio reported no completion-latency percentiles";
    for (int i = 0; i < PERCENTILES.length; i++) {
      if (percentilesMissing) b.unavailable(PERCENTILES[i][0], why);
      else b.put(PERCENTILES[i][0], worst[i], why);
    }
    return b.build();
  }

  private static String errno(int e) {
    return switch (e) {
      case 2 -> "no such file or directory";
      case 5 -> "I/O error";
      case 13 -> "permission denied";
      case 22 -> "invalid argument";
      case 28 -> "no space left on device";
      default -> "errno " + e;
    };
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.isEmpty() ? "(empty)" : t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
