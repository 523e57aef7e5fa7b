using System.Globalization;
using Dream.Core.Packs;

namespace Dream.Core.Tests.Packs;

public sealed class JsonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dream-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Atomic_write_replaces_the_file_and_leaves_no_temporary()
    {
        var f = Path.Combine(_dir, "sub", "best.json");
        Json.WriteAtomically(f, new Dictionary<string, object> { ["a"] = 1 });
        Json.WriteAtomically(f, new Dictionary<string, object> { ["a"] = 2 });
        Assert.Equal("{\n  \"a\": 2\n}\n", File.ReadAllText(f));
        Assert.Equal([f], Directory.GetFiles(Path.GetDirectoryName(f)!));
    }

    [Fact]
    public void A_non_finite_number_is_never_written_and_the_old_file_survives()
    {
        var f = Path.Combine(_dir, "pack.json");
        Json.WriteAtomically(f, new Dictionary<string, object> { ["score"] = 1.5 });
        Assert.Throws<ArgumentException>(() => Json.WriteAtomically(f, new Dictionary<string, object> { ["score"] = double.NegativeInfinity }));
        Assert.Throws<ArgumentException>(() => Json.Compact(new List<float> { float.NaN }));
        Assert.Equal("{\n  \"score\": 1.5\n}\n", File.ReadAllText(f));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Reading_is_strict()
    {
        Assert.Throws<ArgumentException>(() => Json.Parse("{\"a\": NaN}"));
        Assert.Throws<ArgumentException>(() => Json.Parse("{\"a\": 1} trailing"));
    }

    [Fact]
    public void Timestamps_are_utc_to_the_second()
    {
        var t = DateTimeOffset.Parse("2025-10-08T15:46:00.999Z", CultureInfo.InvariantCulture);
        Assert.Equal("2025-10-08T15:46:00Z", Timestamps.Utc(t));
        Assert.Equal("2025-10-08T15-46-00Z", Timestamps.IdForm(t));
        Assert.Equal(DateTimeOffset.Parse("2025-10-08T15:46:00Z", CultureInfo.InvariantCulture), Timestamps.ParseUtc("2025-10-08T15:46:00Z"));
        // another offset is the same instant, written in UTC
        Assert.Equal("2025-10-08T13:46:00Z", Timestamps.Utc(new DateTimeOffset(2025, 10, 8, 15, 46, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.75, "0.75")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.0E-4, "1.0E-4")]
    [InlineData(1.234E-5, "1.234E-5")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(1.0E7, "1.0E7")]
    [InlineData(1.2345678E8, "1.2345678E8")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1.0E21, "1.0E21")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.Epsilon, "4.9E-324")]
    public void Doubles_are_written_as_java_writes_them(double d, string expected)
    {
        Assert.Equal(expected, JsonNumbers.Format(d));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.Equal("-0.0", JsonNumbers.Format(-0.0));
    }

    [Fact]
    public void Strings_are_escaped_as_jackson_escapes_them()
    {
        Assert.Equal("[\"a\\\"b\\\\c\\n\\t\\u0001é/\"]", Json.Compact(new[] { "a\"b\\c\n\t\u0001é/" }));
    }

    [Fact]
    public void Compact_and_pretty_forms()
    {
        var value = new Dictionary<string, object?>
        {
            ["n"] = 3L,
            ["x"] = 2.0,
            ["list"] = new List<double> { 1, 2.5 },
            ["empty"] = new Dictionary<string, object>(),
            ["none"] = new List<int>(),
            ["nothing"] = null,
            ["nested"] = new List<object> { new Dictionary<string, object> { ["a"] = true } },
        };
        Assert.Equal("{\"n\":3,\"x\":2.0,\"list\":[1.0,2.5],\"empty\":{},\"none\":[],\"nothing\":null,\"nested\":[{\"a\":true}]}",
            Json.Compact(value));
        Assert.Equal("{\n  \"n\": 3,\n  \"x\": 2.0,\n  \"list\": [ 1.0, 2.5 ],\n  \"empty\": { },\n  \"none\": [ ],\n" +
                     "  \"nothing\": null,\n  \"nested\": [ {\n    \"a\": true\n  } ]\n}", Json.Pretty(value));
    }
}
