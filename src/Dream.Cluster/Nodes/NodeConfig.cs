using System.Collections;
using System.Globalization;
using System.Text;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Layers a node's configuration: explicit command-line options, then the --hocon files (later files win),
/// then what follows from --data (the SQLite journal under it, or DREAM_DB_URL), then dream-defaults.conf
/// and the reference settings of Akka.NET's plugins. The journal's plugin settings are then written from
/// the result's <c>dream.db</c>, above everything, since Akka.NET resolves no substitution across layers.
/// </summary>
public static partial class NodeConfig
{
    public const string SystemName = "Dream";

    /// <summary>
    /// The layered configuration of a node: <paramref name="hoconFiles"/> in order (later files win) under
    /// <paramref name="overrides"/> and the explicit options; <paramref name="host"/>/<paramref name="port"/> null:
    /// the defaults' loopback and a free port; <paramref name="join"/>: seed nodes as HOST:PORT.
    /// </summary>
    public static Config Build(string dataDir, IReadOnlyList<string> hoconFiles, string? host, int? port, IReadOnlyList<string> join,
        IEnumerable<string> roles, IReadOnlyDictionary<string, object> overrides, IReadOnlyDictionary<string, string> env)
    {
        var options = new Dictionary<string, object>(overrides);
        if (host != null) options["akka.remote.dot-netty.tcp.hostname"] = host;
        if (port != null) options["akka.remote.dot-netty.tcp.port"] = port.Value;
        options["akka.cluster.roles"] = roles.Order(StringComparer.Ordinal).ToList();

        var config = Render(options);
        foreach (var f in hoconFiles.Reverse())
        {
            if (!File.Exists(f)) throw new InfrastructureException($"--hocon {f}: no such file");
            config = config.WithFallback(HoconText.ParseFile(f, env));
        }
        config = config.WithFallback(Render(FromData(dataDir, env))).WithFallback(Defaults(env));
        if (join.Count > 0)
        {
            // The protocol follows the transport: a TLS node only speaks akka.ssl.tcp, so its seeds must too.
            var tls = config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);
            config = Render(new Dictionary<string, object> { ["akka.cluster.seed-nodes"] = join.Select(j => SeedAddress(j, tls)).ToList() })
                .WithFallback(config);
        }
        return WithJournal(config);
    }

    /// <summary>HOST:PORT as a seed node's address; a full akka.tcp:// or akka.ssl.tcp:// address stays as it is.</summary>
    public static string SeedAddress(string hostPort, bool tls = false) =>
        hostPort.StartsWith("akka.tcp://", StringComparison.Ordinal) || hostPort.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal)
            ? hostPort
            : $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostPort}";

    /// <summary>dream-defaults.conf, with the environment's values in it.</summary>
    public static Config Defaults(IReadOnlyDictionary<string, string> env) =>
        HoconText.Parse(DefaultsText(), "dream-defaults.conf", WithLogLevel(env));

    /// <summary>DREAM_LOG_LEVEL as Akka.NET names levels: WARN (logback's name, the Java tree's) is WARNING.</summary>
    private static IReadOnlyDictionary<string, string> WithLogLevel(IReadOnlyDictionary<string, string> env)
    {
        if (!env.TryGetValue("DREAM_LOG_LEVEL", out var level)) return env;
        var named = level.Trim().ToUpperInvariant() switch
        {
            "WARN" => "WARNING",
            "TRACE" => "DEBUG",
            var l => l,
        };
        if (named is not ("DEBUG" or "INFO" or "WARNING" or "ERROR" or "OFF"))
            throw new InfrastructureException($"DREAM_LOG_LEVEL={level}: use DEBUG, INFO, WARNING or ERROR");
        return new Dictionary<string, string>(env) { ["DREAM_LOG_LEVEL"] = named };
    }

    public static string DefaultsText()
    {
        using var stream = typeof(NodeConfig).Assembly.GetManifestResourceStream("dream-defaults.conf")
            ?? throw new InvalidOperationException("dream-defaults.conf is not embedded in Dream.Cluster");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    internal static Dictionary<string, object> FromData(string dataDir, IReadOnlyDictionary<string, string> env)
    {
        var abs = Path.GetFullPath(dataDir);
        var m = new Dictionary<string, object>
        {
            ["dream.data-dir"] = abs,
            ["dream.runner.state-dir"] = Path.Combine(abs, "node"),
        };
        m["dream.db.url"] = env.TryGetValue("DREAM_DB_URL", out var pg) && !string.IsNullOrWhiteSpace(pg)
            ? pg
            : "sqlite:" + Path.Combine(abs, "journal", "dream.db");
        return m;
    }

    /// <summary>The journal this configuration names.</summary>
    public static JournalSchema.Target Journal(Config config) =>
        JournalSchema.Resolve(config.GetString("dream.db.url"), config.GetString("dream.db.user", ""), config.GetString("dream.db.password", ""));

    private static Config WithJournal(Config config)
    {
        var j = Journal(config);
        var keys = new Dictionary<string, object>();
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            keys[plugin + ".provider-name"] = j.ProviderName;
            keys[plugin + ".connection-string"] = j.ConnectionString;
        }
        // SQLite takes one writer at a time, and Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms
        // before it tries again. A transaction of unspecified isolation is BEGIN IMMEDIATE there, which takes the
        // write lock: every query of the run's projection locked out the journal's writes, and the sleeps were 11 of
        // the 17 s of dream bench throughput. Reads as BEGIN (deferred) need no lock in WAL mode and still see
        // committed rows only (read_uncommitted means something only with a shared cache, which is not used).
        // Writes, too, take that lock one at a time: one writer (the plugin's default is three) batches instead.
        if (!j.Postgres)
        {
            keys["akka.persistence.journal.sql.parallelism"] = 1;
            foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
                keys[plugin + ".read-isolation-level"] = "read-uncommitted";
        }
        return Render(keys).WithFallback(config)
            .WithFallback(SqlPersistence.DefaultConfiguration)
            // A node may be sent sharding and singleton messages before ClusterSharding.Get would add these.
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingletonManager.DefaultConfig())
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());
    }

    /// <summary>Settings by path as a configuration, each value quoted as HOCON needs it.</summary>
    public static Config Render(IReadOnlyDictionary<string, object> settings)
    {
        var sb = new StringBuilder();
        foreach (var (path, value) in settings)
        {
            sb.Append(string.Join('.', path.Split('.').Select(QuoteKey))).Append(" = ").Append(Value(value)).Append('\n');
        }
        return ConfigurationFactory.ParseString(sb.ToString());
    }

    private static string QuoteKey(string segment) =>
        segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? segment : HoconText.Quote(segment);

    private static string Value(object v) => v switch
    {
        string s => HoconText.Quote(s),
        bool b => b ? "on" : "off",
        int or long or short => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        TimeSpan t => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object>().Select(Value)) + "]",
        _ => HoconText.Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };
}
