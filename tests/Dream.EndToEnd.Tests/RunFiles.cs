using System.Text.Json.Nodes;

namespace Dream.EndToEnd.Tests;

/// <summary>Reads a run's files for comparison, with the fields that are wall-clock times taken out.</summary>
public static class RunFiles
{
    public static string OnlyRun(string data)
    {
        var runs = Directory.GetDirectories(Path.Combine(data, "runs"));
        Assert.True(runs.Length == 1, $"expected one run in {data}, found {runs.Length}");
        return runs[0];
    }

    /// <summary>Every candidate pack of the run, keyed by path relative to the run dir, timestamps removed.</summary>
    public static SortedDictionary<string, string> Packs(string runDir)
    {
        var packs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(Path.Combine(runDir, "candidates"), "*", SearchOption.AllDirectories))
            packs[Path.GetRelativePath(runDir, f)] = Json(f);
        return packs;
    }

    /// <summary>The file's JSON without created_at_utc, timestamps, baseline ids and run ids, as compact text.</summary>
    public static string Json(string file) => WithoutTimes(JsonNode.Parse(File.ReadAllText(file))).ToJsonString();

    public static JsonNode? WithoutTimes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var k in new[] { "created_at_utc", "timestamp", "baseline_id", "run_id" }) o.Remove(k);
                foreach (var (_, v) in o) WithoutTimes(v);
                break;
            case JsonArray a:
                foreach (var v in a) WithoutTimes(v);
                break;
        }
        return node;
    }

    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);
}

/// <summary>A directory of its own for one test, removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dream-e2e-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string Path { get; }

    public string Resolve(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
