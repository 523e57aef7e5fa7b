using System.Globalization;

namespace Dream.Core.Packs;

/// <summary>The two UTC forms of the contract: ISO for timestamps, and with '-' for ':' inside identifiers.</summary>
public static class Timestamps
{
    private const string Iso = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string Id = "yyyy-MM-dd'T'HH-mm-ss'Z'";

    /// <summary><c>YYYY-MM-DDTHH:MM:SSZ</c>, to the second.</summary>
    public static string Utc(DateTimeOffset t) => ToSecond(t).ToString(Iso, CultureInfo.InvariantCulture);

    /// <summary><c>YYYY-MM-DDTHH-MM-SSZ</c>: safe in file names and identifiers.</summary>
    public static string IdForm(DateTimeOffset t) => ToSecond(t).ToString(Id, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseUtc(string s) =>
        DateTimeOffset.TryParseExact(s, Iso, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new ArgumentException($"'{s}' is not a UTC timestamp YYYY-MM-DDTHH:MM:SSZ");

    /// <summary>The instant in UTC, its fraction of a second dropped.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Ticks - u.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
