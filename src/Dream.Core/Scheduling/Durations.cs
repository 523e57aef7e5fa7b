using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dream.Core.Scheduling;

/// <summary>Durations as people write them in schedules and options: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:\d+[smhd])+\z")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+)([smhd])")]
    private static partial Regex Part();

    /// <summary>The duration, or null when <paramref name="text"/> is not one (a bare number has no unit, so it is not one).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (text is null) return null;
        var t = text.Trim();
        if (!Whole().IsMatch(t)) return null;
        try
        {
            var total = TimeSpan.Zero;
            foreach (Match m in Part().Matches(t))
            {
                var n = long.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                var seconds = checked(n * m.Groups[2].Value switch { "s" => 1L, "m" => 60L, "h" => 3_600L, _ => 86_400L });
                total = checked(total + TimeSpan.FromSeconds(seconds));
            }
            return total;
        }
        catch (Exception e) when (e is OverflowException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The shortest form <see cref="Parse"/> reads back: <c>1h30m</c>, <c>45s</c>, <c>0s</c> (whole seconds).</summary>
    public static string Format(TimeSpan d)
    {
        var s = (long)Math.Floor(d.TotalSeconds);
        if (s == 0) return "0s";
        var sb = new StringBuilder();
        long[] sizes = [86_400, 3_600, 60, 1];
        string[] units = ["d", "h", "m", "s"];
        for (var i = 0; i < sizes.Length; i++)
        {
            if (s < sizes[i]) continue;
            sb.Append(s / sizes[i]).Append(units[i]);
            s %= sizes[i];
        }
        return sb.ToString();
    }
}
