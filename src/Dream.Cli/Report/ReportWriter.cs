namespace Dream.Cli.Report;

/// <summary>
/// Writes report.html and figures/NAME.{png,svg} into a directory, all or nothing: everything goes first into a
/// hidden staging directory inside it and is moved into place only once all of it is written; on any failure the
/// staging directory (and the output directory, if this call created it) is removed again.
/// </summary>
public static class ReportWriter
{
    public const string HtmlFile = "report.html";

    /// <summary>The files written, relative to <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> Write(string outDir, HtmlReport report)
    {
        var created = FirstMissing(Path.GetFullPath(outDir));
        string? staging = null;
        try
        {
            Directory.CreateDirectory(outDir);
            staging = Path.Combine(outDir, ".report-" + Guid.NewGuid().ToString("N") + ".tmp");
            Directory.CreateDirectory(Path.Combine(staging, HtmlReport.FiguresDir));
            var files = new List<string>();
            foreach (var f in report.Figures)
            {
                files.Add(Path.Combine(HtmlReport.FiguresDir, f.Name + ".png"));
                File.WriteAllBytes(Path.Combine(staging, files[^1]), f.Png);
                files.Add(Path.Combine(HtmlReport.FiguresDir, f.Name + ".svg"));
                File.WriteAllText(Path.Combine(staging, files[^1]), f.Svg);
            }
            files.Add(HtmlFile);
            File.WriteAllText(Path.Combine(staging, HtmlFile), report.Html);
            Directory.CreateDirectory(Path.Combine(outDir, HtmlReport.FiguresDir));
            foreach (var f in files) File.Move(Path.Combine(staging, f), Path.Combine(outDir, f), overwrite: true);
            Directory.Delete(staging, recursive: true);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                if (staging is not null && Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                if (created is not null && Directory.Exists(created)) Directory.Delete(created, recursive: true);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The outermost directory of <paramref name="dir"/> that does not exist yet (null when it exists).</summary>
    private static string? FirstMissing(string dir)
    {
        string? missing = null;
        for (var d = dir; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing = d;
        return missing;
    }
}
