using System.Globalization;

namespace Dream.Cli.Service;

/// <summary>The service's log: one line per event, UTC-stamped, whole lines even when several domains write at once.</summary>
public sealed class ServiceLog
{
    private readonly TextWriter @out;
    private readonly Func<DateTimeOffset> clock;
    private readonly object gate = new();

    public ServiceLog(TextWriter @out, Func<DateTimeOffset>? clock = null)
    {
        this.@out = @out;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public void Line(string text)
    {
        lock (gate)
        {
            @out.WriteLine(Stamp(clock()) + " " + text);
            @out.Flush();
        }
    }

    /// <summary>An instant to the second, as the log and the service's messages show it: <c>2026-11-21T06:23:44Z</c>.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
