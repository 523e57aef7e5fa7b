using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Nodes;

/// <summary>How a node's settings are layered, and a --hocon file that cannot be used stops the node with its file and line.</summary>
public sealed class NodeConfigTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dream-nodeconfig-").FullName;
    private static readonly Dictionary<string, string> NoEnv = new();
    private static readonly Dictionary<string, object> NoOverrides = new();

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private string Data => Path.Combine(_tmp, "data");

    private Akka.Configuration.Config Build(IReadOnlyList<string> files, IReadOnlyDictionary<string, string>? env = null,
        IReadOnlyDictionary<string, object>? overrides = null, IReadOnlyList<string>? join = null, string? host = null, int? port = null) =>
        NodeConfig.Build(Data, files, host, port, join ?? [], ["runner"], overrides ?? NoOverrides, env ?? NoEnv);

    private string Write(string name, string text)
    {
        var f = Path.Combine(_tmp, name);
        File.WriteAllText(f, text);
        return f;
    }

    private InfrastructureException Refused(string hocon) =>
        Assert.Throws<InfrastructureException>(() => Build([Write("bad.conf", hocon)]));

    [Fact]
    public void AnEnvironmentVariableThatIsNotSetIsNamedWithItsFileAndLine()
    {
        var message = Refused("# TLS\nakka.remote.dot-netty.tcp.ssl.certificate.path = ${DREAM_TEST_UNSET_VARIABLE_42}\n").Message;
        Assert.Contains("bad.conf: 2", message);
        Assert.Contains("DREAM_TEST_UNSET_VARIABLE_42", message);
    }

    [Fact]
    public void ASyntaxErrorIsNamedWithItsFileAndLine()
    {
        var message = Refused("akka {\n  cluster.roles = [\n").Message;
        Assert.True(message.Contains("bad.conf: 2") || message.Contains("bad.conf: 1"), message);
    }

    [Fact]
    public void TheDefaultsAreASingleNodeClusterOnLoopbackWithASqliteJournalUnderTheDataDirectory()
    {
        var c = Build([]);
        Assert.Equal("127.0.0.1", c.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, c.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("cluster", c.GetString("akka.actor.provider"));
        Assert.Equal(["runner"], c.GetStringList("akka.cluster.roles"));
        Assert.Empty(c.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("127.0.0.1", c.GetString("akka.management.http.hostname"));
        Assert.Equal(Path.Combine(Path.GetFullPath(Data), "node"), c.GetString("dream.runner.state-dir"));
        Assert.Equal(JournalSchema.SqliteProvider, c.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal(JournalSchema.SqliteProvider, c.GetString("akka.persistence.query.journal.sql.provider-name"));
        Assert.Contains(Path.Combine(Path.GetFullPath(Data), "journal", "dream.db"), c.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal("hyperion", c.GetString("akka.actor.serialization-bindings.\"System.Object\""));
        // the plugin's own reference settings are there too
        Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", c.GetString("akka.persistence.journal.sql.class"));
        Assert.Equal(TimeSpan.FromDays(7), c.GetTimeSpan("dream.baselines.max-age"));
    }

    [Fact]
    public void LaterFilesWinAndTheCommandLineWinsOverThem()
    {
        var a = Write("a.conf", "dream.runner.slots = 2\ndream.snapshot-every = 10\n");
        var b = Write("b.conf", "dream.runner.slots = 3\n");
        var c = Build([a, b], overrides: new Dictionary<string, object> { ["akka.management.http.port"] = 0 });
        Assert.Equal(3, c.GetInt("dream.runner.slots"));
        Assert.Equal(10, c.GetInt("dream.snapshot-every"));
        Assert.Equal(0, c.GetInt("akka.management.http.port"));
        c = Build([a, b], overrides: new Dictionary<string, object> { ["dream.runner.slots"] = 5 }, join: ["10.0.0.1:7355"], host: "10.0.0.2", port: 7356);
        Assert.Equal(5, c.GetInt("dream.runner.slots"));
        Assert.Equal(["akka.tcp://Dream@10.0.0.1:7355"], c.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("10.0.0.2", c.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(7356, c.GetInt("akka.remote.dot-netty.tcp.port"));
    }

    [Fact]
    public void DreamDbUrlPutsTheJournalOnPostgres()
    {
        var c = Build([], env: new Dictionary<string, string> { ["DREAM_DB_URL"] = "postgresql://dream:s3cret@db.example:5433/journal", ["DREAM_DB_PASSWORD"] = "other" });
        Assert.Equal(JournalSchema.PostgresProvider, c.GetString("akka.persistence.journal.sql.provider-name"));
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(c.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(("db.example", 5433, "journal", "dream", "s3cret"), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password));
    }

    [Fact]
    public void ThePostgresFileReadsItsUrlAndPasswordFromTheEnvironment()
    {
        var postgres = Path.Combine(RepoRoot(), "hocon", "postgres.conf");
        var c = Build([postgres], env: new Dictionary<string, string> { ["DREAM_DB_PASSWORD"] = "pw" });
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(c.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(("127.0.0.1", 5432, "dream", "pw"), (cs.Host, cs.Port, cs.Database, cs.Password));
        c = Build([postgres], env: new Dictionary<string, string> { ["DREAM_DB_URL"] = "jdbc:postgresql://10.1.1.1:5432/d?user=u" });
        cs = new Npgsql.NpgsqlConnectionStringBuilder(c.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(("10.1.1.1", "d", "u"), (cs.Host, cs.Database, cs.Username));
    }

    [Fact]
    public void EveryShippedHoconFileParses()
    {
        var env = new Dictionary<string, string>
        {
            ["DREAM_TLS_KEYSTORE"] = "/k.p12", ["DREAM_TLS_TRUSTSTORE"] = "/ca.pem", ["DREAM_TLS_PASSWORD"] = "pw",
        };
        var dir = Path.Combine(RepoRoot(), "hocon");
        var files = new[] { "single-node.conf", "cluster.conf", "postgres.conf", "tls.conf" }.Select(f => Path.Combine(dir, f)).ToList();
        var c = Build(files, env: env);
        Assert.True(c.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("/k.p12", c.GetString("akka.remote.dot-netty.tcp.ssl.certificate.path"));
        Assert.Equal("keep-majority", c.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(4), c.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(2), c.GetTimeSpan("akka.cluster.down-removal-margin"));
        Assert.Equal(1, c.GetInt("dream.runner.slots"));
        var e = Assert.Throws<InfrastructureException>(() => Build([Path.Combine(dir, "tls.conf")]));
        Assert.Contains("tls.conf: ", e.Message);
        Assert.Contains("DREAM_TLS_", e.Message);
    }

    [Fact]
    public void DefaultsFailOverWithinSecondsWithoutDowningAPausedNode()
    {
        var c = Build([]);
        var pause = c.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause");
        var stableAfter = c.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after");
        var margin = c.GetTimeSpan("akka.cluster.down-removal-margin");
        // A GC-pause-like stop of 3 s must not even make a node unreachable, and a downing needs stable-after more.
        Assert.Equal(TimeSpan.FromSeconds(3), pause);
        Assert.Equal(TimeSpan.FromSeconds(1), c.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(4), stableAfter);
        // Set, not off: off makes Akka.NET's SBR wait stable-after again before the singletons move.
        Assert.Equal(TimeSpan.FromSeconds(2), margin);
        Assert.Equal(TimeSpan.FromMilliseconds(500), c.GetTimeSpan("akka.cluster.sharding.retry-interval"));
        Assert.Equal("keep-majority", c.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public void TheRunListReadsNewEventsWithinATenthOfASecondAndIsBuiltAheadOnlyWhenAsked()
    {
        var c = Build([]);
        Assert.Equal(TimeSpan.FromMilliseconds(100), c.GetTimeSpan("akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay"));
        Assert.False(c.GetBoolean("dream.management.warm-run-list"));
    }

    internal static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Dream.sln"))) d = d.Parent;
        if (d != null) return d.FullName;
        // built outside the checkout (DREAM_ARTIFACTS): the source file's own location
        return Path.GetFullPath(Path.Combine(SourceDir(), "..", "..", ".."));
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
