package dev.dream.trials.workload.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.trials.Recorded;
import dev.dream.trials.workload.WorkloadResult;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The stress-ng, fio and iperf3 parsers on outputs recorded from the real tools (recorded/README.md). */
class RecordedToolOutputTest {
  @Test
  void stressNgYamlGivesTheRealTimeBogoOpsRate() throws IOException {
    WorkloadResult r = StressNgMetrics.parse(Recorded.read("stress-ng/stress-ng-cpu-matrixprod.yaml"));
    assertEquals(296.888086, r.kpis().get("throughput_ops"), 1e-9);
    assertEquals(921.0, r.kpis().get("bogo_ops"));
    assertEquals(296.888086, r.kpis().get("cpu_bogo_ops_per_s"), 1e-9);
  }

  @Test
  void stressNgWithTwoStressorsSumsTheirRatesAndKeepsEachOne() throws IOException {
    WorkloadResult r = StressNgMetrics.parse(Recorded.read("stress-ng/stress-ng-cpu-switch-brief.yaml"));
    assertEquals(362.429126 + 55470.587663, r.kpis().get("throughput_ops"), 1e-6);
    assertEquals(1088.0 + 166479.0, r.kpis().get("bogo_ops"));
    assertEquals(362.429126, r.kpis().get("cpu_bogo_ops_per_s"), 1e-9);
    assertEquals(55470.587663, r.kpis().get("switch_bogo_ops_per_s"), 1e-9);
  }

  @Test
  void stressNgWithoutMetricsIsAnErrorNotAZero() {
    IOException e = assertThrows(IOException.class, () -> StressNgMetrics.parse(Recorded.read("stress-ng/stress-ng-vm-nometrics.yaml")));
    assertTrue(e.getMessage().contains("no metrics"), e.getMessage());
  }

  @Test
  void fioRandomReadWriteSumsBothDirectionsAndTakesTheWorsePercentile() throws IOException {
    WorkloadResult r = FioResult.parse(Recorded.read("fio/fio-randrw-psync-direct.json"));
    assertEquals(5077.974009 + 5071.642786, r.kpis().get("iops"), 1e-6);
    assertEquals(5077.974009, r.kpis().get("read_iops"), 1e-9);
    assertEquals(5071.642786, r.kpis().get("write_iops"), 1e-9);
    assertEquals(41.572829, r.kpis().get("mb_per_s"), 1e-6);
    assertEquals(0.051456, r.kpis().get("p50_latency_ms"), 1e-9);
    assertEquals(0.091648, r.kpis().get("p95_latency_ms"), 1e-9);
    assertEquals(0.96256, r.kpis().get("p99_latency_ms"), 1e-9);
  }

  @Test
  void fioGroupReportedJobsAndSeparateJobs() throws IOException {
    WorkloadResult grouped = FioResult.parse(Recorded.read("fio/fio-write-2jobs-grouped.json"));
    assertEquals(4114.808652, grouped.kpis().get("iops"), 1e-6);
    assertEquals(0.0, grouped.kpis().get("read_iops"));
    assertEquals(4314.689597, grouped.kpis().get("mb_per_s"), 1e-6);
    assertEquals(10.420224, grouped.kpis().get("p99_latency_ms"), 1e-9);
    WorkloadResult two = FioResult.parse(Recorded.read("fio/fio-two-jobs.json"));
    assertEquals(8939.680957, two.kpis().get("read_iops"), 1e-6);
    assertEquals(73185.27668, two.kpis().get("write_iops"), 1e-6);
    assertEquals(0.109056, two.kpis().get("p95_latency_ms"), 1e-9);
  }

  @Test
  void fioJobErrorsAndGarbageAreErrors() {
    String failed = Recorded.read("fio/fio-randrw-psync-direct.json").replace("\"error\" : 0", "\"error\" : 28");
    IOException e = assertThrows(IOException.class, () -> FioResult.parse(failed));
    assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
    IOException none = assertThrows(IOException.class, () -> FioResult.parse(Recorded.read("fio/fio-error.stderr")));
    assertTrue(none.getMessage().contains("no JSON"), none.getMessage());
  }

  @Test
  void iperf3TcpGivesReceiverThroughputRetransmitsAndRtt() throws IOException {
    WorkloadResult r = Iperf3Result.parse(Recorded.read("iperf3/iperf3-tcp-loopback.json"));
    assertEquals(6666.561544255914, r.kpis().get("throughput_mbps"), 1e-9);
    assertEquals(4.0, r.kpis().get("tcp_retransmits"));
    assertEquals(0.425, r.kpis().get("mean_rtt_ms"), 1e-12);
    assertTrue(r.unavailable().get("p95_latency_ms").contains("not the latency"));
    WorkloadResult two = Iperf3Result.parse(Recorded.read("iperf3/iperf3-tcp-loopback-2streams.json"));
    assertEquals(6084.600400875993, two.kpis().get("throughput_mbps"), 1e-9);
    assertEquals(16.0, two.kpis().get("tcp_retransmits"));
    assertEquals((1529 + 1597) / 2.0 / 1000, two.kpis().get("mean_rtt_ms"), 1e-12);
  }

  @Test
  void iperf3UdpGivesTheReceiversJitterAndLoss() throws IOException {
    WorkloadResult r = Iperf3Result.parse(Recorded.read("iperf3/iperf3-udp-loopback.json"));
    assertEquals(96.06275949608827, r.kpis().get("throughput_mbps"), 1e-9);
    assertEquals(0.0446700805037426, r.kpis().get("jitter_ms"), 1e-15);
    assertEquals(3.9318479685452163, r.kpis().get("lost_pct"), 1e-12);
    assertTrue(!r.kpis().containsKey("tcp_retransmits"));
  }

  @Test
  void iperf3ReportsAFailedConnectionInItsJsonWithExitStatusZero() {
    IOException e = assertThrows(IOException.class, () -> Iperf3Result.parse(Recorded.read("iperf3/iperf3-connection-refused.json")));
    assertEquals("iperf3: unable to connect to server: Connection refused", e.getMessage());
  }

  @Test
  void toolArgsFindOptionsInBothSpellings() {
    assertTrue(ToolArgs.has(java.util.List.of("--runtime=5"), "--runtime"));
    assertTrue(ToolArgs.has(java.util.List.of("-t", "5"), "-t"));
    assertTrue(!ToolArgs.has(java.util.List.of("--filename_format=x"), "--filename"));
    assertEquals("host", ToolArgs.value(java.util.List.of("-P", "2", "-c", "host"), "-c", "--client"));
    assertEquals("h2", ToolArgs.value(java.util.List.of("--client=h2"), "-c", "--client"));
  }
}
