namespace Dream.Core.Config;

/// <summary>The <c>version:</c> of regimes.yaml and caps.yaml: 2, the format Dream reads (the original's keys differ).</summary>
internal static class Version
{
    public const long Current = 2;

    public static void Check(YamlMap doc)
    {
        var v = doc.Integer("version", true, "version: 2 at the top of the file");
        if (v is not null && v != Current)
        {
            doc.Source.Problem(doc.Value("version"), "version " + v + " is not supported; Dream reads version 2",
                "write version: 2 and use the keys shown in config/ (DESIGN.md section 3)");
        }
    }
}
