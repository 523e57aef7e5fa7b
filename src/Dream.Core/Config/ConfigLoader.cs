using System.Text.RegularExpressions;

namespace Dream.Core.Config;

/// <summary>
/// Reads and validates a configuration directory: <c>domains/*.yaml</c>, <c>regimes.yaml</c> and
/// <c>caps.yaml</c> (DESIGN.md section 3). Nothing is returned unless everything is valid; otherwise every
/// problem found, each at file:line:column with its fix, is thrown at once as a <see cref="ConfigException"/>.
/// </summary>
public static class ConfigLoader
{
    public const string RegimesFile = "regimes.yaml";
    public const string CapsFile = "caps.yaml";
    public const string DomainsDir = "domains";

    public static DreamConfig Load(string configDir)
    {
        var problems = new Problems();
        var names = new FileNames(configDir);
        if (!Directory.Exists(configDir))
        {
            problems.Add(new ConfigProblem(configDir, 1, 1, "the config directory does not exist",
                "pass --config-dir DIR naming a directory with regimes.yaml, caps.yaml and domains/"));
            throw new ConfigException(problems.Sorted());
        }
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var catalog = new Catalog();
        foreach (var file in DomainFiles(configDir, names, problems))
        {
            var fileName = Path.GetFileName(file);
            var y = Read(configDir, DomainsDir + "/" + fileName, names, problems, hashes);
            var stem = Regex.Replace(fileName, @"\.yaml\z", "");
            if (!DomainParser.Name().IsMatch(stem))
            {
                y.Source.ProblemAtTop("'" + stem + "' is not a valid domain name", "rename the file: letters, digits and '_', starting with a letter or '_'");
                // Known but unreadable, so that regimes and caps naming it are not reported again.
                catalog.Add(ParsedDomain.Unreadable(stem, y.Source));
                continue;
            }
            catalog.Add(y.Root is null ? ParsedDomain.Unreadable(stem, y.Source) : DomainParser.Parse(y.Source, stem, y.Root));
        }
        var regimesFile = Read(configDir, RegimesFile, names, problems, hashes);
        var regimes = regimesFile.Root is null ? RegimesParser.Unreadable() : RegimesParser.Parse(regimesFile.Source, regimesFile.Root, catalog);
        var capsFile = Read(configDir, CapsFile, names, problems, hashes);
        var caps = capsFile.Root is null ? CapsParser.Unreadable() : CapsParser.Parse(capsFile.Source, capsFile.Root, catalog);
        CrossChecks.Run(catalog, regimesFile.Source, regimes, capsFile.Source, caps);
        if (!problems.IsEmpty) throw new ConfigException(problems.Sorted());
        return new DreamConfig(configDir, catalog.Specs(), regimes.Regimes, regimes.Execution, caps.Caps, hashes);
    }

    private static YamlSource Read(string dir, string rel, FileNames names, Problems problems, SortedDictionary<string, string> hashes)
    {
        var path = Path.Combine(dir, rel);
        if (!File.Exists(path))
        {
            var src = new Source(names.Display(rel), problems);
            src.ProblemAtTop("the file is missing", "create " + rel + " in the config directory (see the default config/ for a complete one)");
            return new YamlSource(src, null, null);
        }
        var y = YamlSource.Read(path, names.Display(rel), problems);
        if (y.Sha256 is not null) hashes[rel] = y.Sha256;
        return y;
    }

    /// <summary>Domain files, sorted by name; a .yml file would be silently ignored, so it is reported instead.</summary>
    private static List<string> DomainFiles(string dir, FileNames names, Problems problems)
    {
        var domains = Path.Combine(dir, DomainsDir);
        var result = new List<string>();
        if (!Directory.Exists(domains))
        {
            problems.Add(new ConfigProblem(names.Display(DomainsDir), 1, 1, "the domains directory is missing",
                "create " + DomainsDir + "/ with one <domain>.yaml per domain"));
            return result;
        }
        try
        {
            foreach (var p in Directory.GetFileSystemEntries(domains).OrderBy(p => p, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(p);
                if (name.EndsWith(".yaml", StringComparison.Ordinal))
                {
                    result.Add(p);
                }
                else if (name.EndsWith(".yml", StringComparison.Ordinal))
                {
                    problems.Add(new ConfigProblem(names.Display(DomainsDir + "/" + name), 1, 1,
                        "domain files end in .yaml; this one would be ignored", "rename it to " + name[..^4] + ".yaml"));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ConfigProblem(names.Display(DomainsDir), 1, 1, "cannot list the domains directory: " + e.Message, "check its permissions"));
        }
        if (result.Count == 0 && Directory.Exists(domains))
        {
            problems.Add(new ConfigProblem(names.Display(DomainsDir), 1, 1, "there are no domain files", "add at least one <domain>.yaml"));
        }
        return result;
    }

    /// <summary>
    /// How files are named in problems: relative to the directory's parent when the directory was given as an
    /// absolute path ("config/regimes.yaml"), or as given when relative, so the name works from where the user
    /// stands.
    /// </summary>
    private sealed record FileNames(string Dir)
    {
        public string Display(string rel)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Dir));
            if (!Path.IsPathRooted(Dir) || string.IsNullOrEmpty(name)) return Path.Combine(Dir, rel);
            return Path.Combine(name, rel);
        }
    }
}
