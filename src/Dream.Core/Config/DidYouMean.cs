namespace Dream.Core.Config;

/// <summary>Suggests the known name closest to a misspelt one, so that a fix can say "did you mean ...?".</summary>
internal static class DidYouMean
{
    /// <summary>The closest known name, if it is close enough to be a plausible typo of <paramref name="given"/>.</summary>
    public static string? Closest(string given, IEnumerable<string> known)
    {
        var names = known.ToList();
        var g = given.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in names)
        {
            var d = Distance(g, k.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        if (best is null) return null;
        // A third of the name (at least one edit) separates typos from different words.
        var allowed = Math.Max(1, Math.Min(3, given.Length / 3 + (given.Length >= 4 ? 1 : 0)));
        if (bestDistance <= allowed) return best;
        // A fragment of a longer name ("temp" for "cpu_temp_c") is also a likely slip.
        if (g.Length >= 3)
        {
            foreach (var k in names)
            {
                if (k.ToLowerInvariant().Contains(g, StringComparison.Ordinal)) return k;
            }
        }
        // So is a different ending of the same word ("retry" for "retries").
        foreach (var k in names)
        {
            var kl = k.ToLowerInvariant();
            var common = 0;
            while (common < Math.Min(g.Length, kl.Length) && g[common] == kl[common]) common++;
            if (common >= 4 && common >= 0.6 * Math.Min(g.Length, kl.Length)) return k;
        }
        return null;
    }

    /// <summary>"did you mean 'x'? valid NOUN: a, b, c" (or just the list when nothing is close).</summary>
    public static string Fix(string given, IEnumerable<string> known, string noun)
    {
        var names = known.ToList();
        var list = "valid " + noun + ": " + (names.Count == 0 ? "none declared" : string.Join(", ", names));
        return Closest(given, names) is { } k ? "did you mean '" + k + "'? " + list : list;
    }

    /// <summary>Optimal-string-alignment distance: Levenshtein where swapping two neighbours costs one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
