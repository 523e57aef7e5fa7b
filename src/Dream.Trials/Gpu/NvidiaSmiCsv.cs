using System.Globalization;
using System.Text.RegularExpressions;

namespace Dream.Trials.Gpu;

/// <summary>
/// The output of <c>nvidia-smi --query-gpu=FIELDS --format=csv[,noheader][,nounits]</c>: one line per GPU, values
/// separated by ", ". With a header line the columns are taken by name (a header cell reads "power.draw [W]"),
/// without one by the order of the requested fields. A value nvidia-smi cannot give ("[N/A]", "N/A",
/// "[Not Supported]", "[Unknown Error]"…) is left out of its row, so that it can never be read as a number.
/// </summary>
public static class NvidiaSmiCsv
{
    private static readonly Regex FieldPattern = new(@"^[A-Za-z_][A-Za-z0-9_.]*( \[[^\]]*\])?$");
    private static readonly Regex NumberPattern = new(@"^(-?[0-9]+(?:\.[0-9]+)?)(?:\s*([A-Za-z%]+))?$");

    /// <summary>One map per GPU line: field name → value text, only the fields that have a value.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string output, IReadOnlyList<string> requested)
    {
        var lines = Regex.Split(output, @"\r\n|\r|\n").Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        if (lines.Count == 0) return rows;
        var names = requested;
        var first = Cells(lines[0]);
        if (IsHeader(first, requested))
        {
            names = first.Select(Name).ToList();
            lines.RemoveAt(0);
        }
        foreach (var line in lines)
        {
            var c = Cells(line);
            if (c.Count != names.Count)
                throw new IOException("nvidia-smi printed " + c.Count + " values for " + names.Count + " fields: " + Abbreviate(line));
            var row = new Dictionary<string, string>();
            for (var i = 0; i < c.Count; i++)
                if (!Missing(c[i])) row[names[i]] = c[i];
            rows.Add(row);
        }
        return rows;
    }

    private static List<string> Cells(string line) => line.Split(',').Select(c => c.Trim()).ToList();

    /// <summary>"power.draw [W]" → "power.draw".</summary>
    private static string Name(string headerCell)
    {
        var b = headerCell.IndexOf(" [", StringComparison.Ordinal);
        return b < 0 ? headerCell : headerCell[..b];
    }

    /// <summary>A header names fields: every cell looks like "field.name [unit]" and some cell is a requested field.</summary>
    private static bool IsHeader(List<string> cells, IReadOnlyList<string> requested)
    {
        var named = false;
        foreach (var c in cells)
        {
            if (!FieldPattern.IsMatch(c)) return false;
            named |= requested.Contains(Name(c));
        }
        return named;
    }

    internal static bool Missing(string v)
    {
        var t = v.Trim();
        if (t.Length == 0) return true;
        return t.Equals("n/a", StringComparison.OrdinalIgnoreCase) || (t.StartsWith('[') && t.EndsWith(']'));
    }

    /// <summary>
    /// The number in a value, with or without its unit ("631.95 W", "100 %", "19818 MiB", "59"), or a hex mask
    /// ("0x0000000000000004"); null when it is neither.
    /// </summary>
    public static double? Number(string? value)
    {
        if (value is null) return null;
        var t = value.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return ulong.TryParse(t[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask) ? mask : null;
        var m = NumberPattern.Match(t);
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static string Abbreviate(string s) => s.Length > 200 ? s[..200] + "..." : s;
}
