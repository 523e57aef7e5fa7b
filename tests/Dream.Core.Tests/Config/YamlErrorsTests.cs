using Dream.Core.Config;

namespace Dream.Core.Tests.Config;

/// <summary>Files that are not the YAML they should be, or not there at all.</summary>
public class YamlErrorsTests : TempDirTest
{
    private readonly ConfigFixture f;

    public YamlErrorsTests() => f = ConfigFixture.Valid(Tmp);

    [Fact]
    public void DuplicateKeyIsReportedAtTheDuplicate() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy.Replace("  mode:", "  threads: {type: int, min: 1, max: 4, default: 1, "
                + "actuator: {kind: workload-arg}}\n  mode:"))
            .OnlyProblem("config/domains/toy.yaml", 5, 3, "duplicate key 'threads' (first at line 4)",
                "remove one of them; YAML would silently keep only the last");

    [Fact]
    public void DuplicateKeyInsideAFlowMapping() =>
        f.Write("caps.yaml", ConfigFixture.Caps.Replace("{watts: {max: 100}}", "{watts: {max: 100, max: 50}}"))
            .OnlyProblem("config/caps.yaml", 3, 27, "duplicate key 'max' (first at line 3)", "remove one of them");

    [Fact]
    public void TheFirstOfTwoDuplicateKeysWins()
    {
        var caps = f.Write("caps.yaml", ConfigFixture.Caps.Replace("{watts: {max: 100}}", "{watts: {max: 100}, watts: {max: 50}}")).Problems();
        Assert.Single(caps);
        Assert.Contains("duplicate key 'watts'", caps[0].Message);
    }

    [Fact]
    public void SyntaxErrorIsLocatedWhereTheParserFoundIt() =>
        f.Write("regimes.yaml", ConfigFixture.Text("""
            version: 2
            domains:
              toy:
                normal: {workload: {kind: builtin-cpu, duration_s: 1}
            """)).OnlyProblem("config/regimes.yaml", 5, 1,
            "YAML syntax error: while parsing a flow mapping: expected ',' or '}', but got <stream end>",
            "check the indentation, quotes and brackets");

    [Fact]
    public void ColonInsideAPlainValue() =>
        f.Write("domains/toy.yaml", ConfigFixture.Toy.Replace("description: a small domain for tests", "description: tests: a small domain"))
            .OnlyProblem("config/domains/toy.yaml", 2, 19, "YAML syntax error: mapping values are not allowed here",
                "a value containing ': ' must be quoted");

    [Fact]
    public void TabsAreExplained() =>
        f.Write("caps.yaml", "version: 2\ndomains:\n\ttoy: {watts: 100}\n")
            .OnlyProblem("config/caps.yaml", 3, 1, "YAML syntax error", "indent with spaces; YAML does not allow tabs");

    [Fact]
    public void EmptyFile() =>
        f.Write("caps.yaml", "# nothing yet\n").OnlyProblem("config/caps.yaml", 1, 1, "the file is empty", "see config/");

    [Fact]
    public void MissingFile() =>
        f.Delete("caps.yaml").OnlyProblem("config/caps.yaml", 1, 1, "the file is missing", "create caps.yaml");

    [Fact]
    public void YmlDomainFileWouldBeIgnored() =>
        f.Write("domains/extra.yml", "domain: extra\n").OnlyProblem("config/domains/extra.yml", 1, 1,
            "domain files end in .yaml; this one would be ignored", "rename it to extra.yaml");

    [Fact]
    public void MissingDirectory()
    {
        var nowhere = Path.Combine(Tmp, "nowhere");
        var ps = Assert.Throws<ConfigException>(() => ConfigLoader.Load(nowhere)).Problems();
        Assert.Single(ps);
        ConfigFixture.AssertProblem(ps[0], nowhere, 1, 1, "the config directory does not exist", "--config-dir");
    }

    [Fact]
    public void AFileThatIsNotAMapping() =>
        f.Write("regimes.yaml", "- version: 2\n").OnlyProblem("config/regimes.yaml", 1, 1,
            "regimes.yaml must be a mapping of name: value, found a list", "key: value");

    [Fact]
    public void TwoDocumentsInOneFile() =>
        f.Write("caps.yaml", ConfigFixture.Caps + "---\nversion: 2\n").OnlyProblem("config/caps.yaml", 6, 1,
            "YAML syntax error: expected a single document in the stream, but found another document", "keep one document per file");

    [Fact]
    public void AFileThatIsNotUtf8()
    {
        File.WriteAllBytes(Path.Combine(f.Dir, "caps.yaml"), [0x76, 0x65, 0x72, 0xff, 0xfe, 0x0a]);
        f.OnlyProblem("config/caps.yaml", 1, 1, "the file is not UTF-8 text", "save it as UTF-8");
    }

    [Fact]
    public void AnUndefinedAliasIsReportedWhereItIsUsed() =>
        f.Write("caps.yaml", "version: 2\ndomains: *nope\n").OnlyProblem("config/caps.yaml", 2, 10,
            "YAML syntax error: found undefined alias 'nope'", "define the anchor (&name)");

    [Fact]
    public void ADocumentMarkerAloneIsAnEmptyFile() =>
        f.Write("caps.yaml", "---\n").OnlyProblem("config/caps.yaml", 1, 1, "the file is empty", "see config/");
}
