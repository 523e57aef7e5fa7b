package dev.dream.cluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test oracle itself: it accepts the format's own example and rejects each kind of breakage. */
class PrometheusTextTest {
  static final String VALID = """
      # HELP http_requests_total The total number of HTTP requests.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400"}    3 1395066363000

      # A plain comment
      msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
      # HELP http_request_duration_seconds A histogram of the request duration.
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{le="0.05"} 24054
      http_request_duration_seconds_bucket{le="0.1"} 33444
      http_request_duration_seconds_bucket{le="+Inf"} 144320
      http_request_duration_seconds_sum 53423
      http_request_duration_seconds_count 144320
      # TYPE up gauge
      up NaN
      """;

  @Test
  void acceptsTheSpecificationsExample() {
    String text = VALID.replace("msdos_file_access_time_seconds", "# TYPE msdos_file_access_time_seconds gauge\nmsdos_file_access_time_seconds");
    List<PrometheusText.Sample> samples = PrometheusText.parse(text);
    assertEquals(9, samples.size());
    assertEquals(3.0, PrometheusText.value(samples, "http_requests_total", Map.of("method", "post", "code", "400")));
    assertEquals("Cannot find file:\n\"FILE.TXT\"", samples.get(2).labels().get("error"));
    assertEquals("C:\\DIR\\FILE.TXT", samples.get(2).labels().get("path"));
  }

  @Test
  void rejectsEachBreakage() {
    String ok = "# TYPE a gauge\na{x=\"1\"} 1\n";
    PrometheusText.parse(ok);
    for (String bad : List.of(
        "# TYPE a gauge\na{x=\"1\"} 1",                       // no final line feed
        "a 1\n",                                               // no TYPE
        "# TYPE a gauge\na{x=\"1\"} one\n",                    // not a float
        "# TYPE a gauge\na{x=\"1} 1\n",                        // unterminated label value
        "# TYPE a gauge\na{x=\"\\t\"} 1\n",                    // bad escape
        "# TYPE a gauge\na{1x=\"1\"} 1\n",                     // bad label name
        "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n",        // duplicate series
        "# TYPE a gauge\n# TYPE a gauge\na 1\n",               // two TYPEs
        "# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"2\"} 1\n", // interleaved families
        "# TYPE a counter\na_total -1\n",                      // negative counter
        "# TYPE a gauge\na 1 12.5\n",                          // timestamp not an integer
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n",                          // no +Inf
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",                       // +Inf != count
        "# TYPE h histogram\nh 1\n")) {                        // histogram sample without suffix
      assertThrows(PrometheusText.Invalid.class, () -> PrometheusText.parse(bad), bad);
    }
  }
}
