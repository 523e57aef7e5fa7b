using Dream.Cluster.Metrics;

namespace Dream.Cluster.Tests.Metrics;

/// <summary>The test oracle itself: it accepts the format's own example and rejects each kind of breakage.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # A plain comment
        # TYPE msdos_file_access_time_seconds gauge
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
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

    [Fact]
    public void AcceptsTheSpecificationsExample()
    {
        var samples = PrometheusText.Parse(Valid.ReplaceLineEndings("\n"));
        Assert.Equal(9, samples.Count);
        Assert.Equal(3.0, PrometheusText.Value(samples, "http_requests_total", new Dictionary<string, string> { ["method"] = "post", ["code"] = "400" }));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", samples[2].Labels["error"]);
        Assert.Equal("C:\\DIR\\FILE.TXT", samples[2].Labels["path"]);
        Assert.True(double.IsNaN(samples[8].Value));
    }

    [Theory]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1")]                        // no final line feed
    [InlineData("a 1\n")]                                                // no TYPE
    [InlineData("# TYPE a gauge\na{x=\"1\"} one\n")]                     // not a float
    [InlineData("# TYPE a gauge\na{x=\"1} 1\n")]                         // unterminated label value
    [InlineData("# TYPE a gauge\na{x=\"\\t\"} 1\n")]                     // bad escape
    [InlineData("# TYPE a gauge\na{1x=\"1\"} 1\n")]                      // bad label name
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n")]         // duplicate series
    [InlineData("# TYPE a gauge\n# TYPE a gauge\na 1\n")]                // two TYPEs
    [InlineData("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"2\"} 1\n")] // interleaved families
    [InlineData("# TYPE a counter\na_total -1\n")]                       // negative counter
    [InlineData("# TYPE a gauge\na 1 12.5\n")]                           // timestamp not an integer
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n")] // not cumulative
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n")]                          // no +Inf
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n")]                       // +Inf != count
    [InlineData("# TYPE h histogram\nh 1\n")]                            // histogram sample without suffix
    public void RejectsEachBreakage(string bad)
    {
        PrometheusText.Parse("# TYPE a gauge\na{x=\"1\"} 1\n");
        Assert.Throws<PrometheusText.Invalid>(() => PrometheusText.Parse(bad));
    }
}
