using System.Text.Json.Nodes;

namespace Dream.Cli.Bench.Recovery;

/// <summary>
/// Whether a disturbed run ended with the files of the undisturbed one of the same seed: its best.json and every
/// candidate pack, with the fields that are wall-clock times or ids of the run left out.
/// </summary>
public static class RunComparison
{
    private static readonly string[] Volatile = ["created_at_utc", "timestamp", "baseline_id", "run_id"];

    /// <summary>What differs (empty: the same results); a missing file is a difference.</summary>
    public static IReadOnlyList<string> Differences(string referenceRunDir, string runDir)
    {
        var differences = new List<string>();
        var refBest = Path.Combine(referenceRunDir, "best.json");
        var best = Path.Combine(runDir, "best.json");
        if (!File.Exists(best)) differences.Add("no best.json in " + runDir);
        else if (!File.Exists(refBest)) differences.Add("no best.json in the reference run " + referenceRunDir);
        else if (Canonical(refBest) != Canonical(best)) differences.Add("best.json differs from the undisturbed run's");
        var refPacks = Packs(referenceRunDir);
        var packs = Packs(runDir);
        foreach (var missing in refPacks.Keys.Except(packs.Keys, StringComparer.Ordinal)) differences.Add("pack " + missing + " missing");
        foreach (var extra in packs.Keys.Except(refPacks.Keys, StringComparer.Ordinal)) differences.Add("pack " + extra + " not in the undisturbed run");
        foreach (var (name, text) in refPacks)
            if (packs.TryGetValue(name, out var other) && other != text) differences.Add("pack " + name + " differs");
        return differences;
    }

    /// <summary>How many candidate packs a run wrote.</summary>
    public static int PackCount(string runDir) => Packs(runDir).Count;

    private static SortedDictionary<string, string> Packs(string runDir)
    {
        var packs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var dir = Path.Combine(runDir, "candidates");
        if (!Directory.Exists(dir)) return packs;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            packs[Path.GetRelativePath(runDir, f)] = Canonical(f);
        return packs;
    }

    /// <summary>The file's JSON, volatile fields removed, as compact text.</summary>
    public static string Canonical(string file)
    {
        try
        {
            return WithoutVolatile(JsonNode.Parse(File.ReadAllText(file)))?.ToJsonString() ?? "null";
        }
        catch (System.Text.Json.JsonException e)
        {
            return "unreadable JSON: " + e.Message;
        }
    }

    public static JsonNode? WithoutVolatile(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var k in Volatile) o.Remove(k);
                foreach (var (_, v) in o) WithoutVolatile(v);
                break;
            case JsonArray a:
                foreach (var v in a) WithoutVolatile(v);
                break;
        }
        return node;
    }
}
