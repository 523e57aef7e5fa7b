namespace Dream.Cli.Console;

/// <summary>A plain text table: a header and rows, columns as wide as their widest cell, two spaces apart.</summary>
public sealed class Table
{
    private readonly List<string[]> rows = new();

    public Table(params string[] header) => rows.Add(header);

    /// <summary>Adds a row; a null cell shows as <c>-</c>.</summary>
    public Table Row(params object?[] cells)
    {
        rows.Add(cells.Select(c => c switch
        {
            null => "-",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => c.ToString() ?? "-",
        }).ToArray());
        return this;
    }

    public int Size() => rows.Count - 1;

    public void Print(TextWriter @out)
    {
        var columns = rows[0].Length;
        var width = new int[columns];
        foreach (var r in rows) for (var i = 0; i < columns; i++) width[i] = Math.Max(width[i], i < r.Length ? r[i].Length : 0);
        foreach (var r in rows)
        {
            var line = new System.Text.StringBuilder();
            for (var i = 0; i < columns; i++)
            {
                var cell = i < r.Length ? r[i] : "";
                line.Append(cell);
                if (i < columns - 1) line.Append(' ', width[i] - cell.Length + 2);
            }
            @out.WriteLine(line.ToString().TrimEnd());
        }
    }
}
