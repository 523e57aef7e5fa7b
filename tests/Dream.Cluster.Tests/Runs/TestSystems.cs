using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Dream.Cluster.Nodes;

namespace Dream.Cluster.Tests.Runs;

/// <summary>
/// Actor system configurations for the run and baseline tests, built on Dream's own dream-defaults.conf
/// (serialization bindings, the journal serializer) with the journal in a SQLite file of the test's own, so that
/// whatever an entity recovers went through the real serializers, as on a node.
/// </summary>
public static class TestSystems
{
    /// <summary>A fresh SQLite journal file (its directory is left in the temp folder).</summary>
    public static string FreshJournal() =>
        Path.Combine(Directory.CreateTempSubdirectory("dream-runs-").FullName, "journal.db");

    private static Config Defaults() => NodeConfig.Defaults(new Dictionary<string, string>());

    private static Config Sqlite(string file) => Journal("SQLite.MS", "Data Source=" + file);

    /// <summary>The journal, snapshot store and read journal on one database.</summary>
    public static Config Journal(string provider, string connectionString)
    {
        var keys = new Dictionary<string, object>();
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            keys[plugin + ".provider-name"] = provider;
            keys[plugin + ".connection-string"] = connectionString;
        }
        return NodeConfig.Render(keys);
    }

    /// <summary>A local (non-cluster) system journaling into <paramref name="journal"/>.</summary>
    public static Config Local(string journal) =>
        ConfigurationFactory.ParseString("akka.actor.provider = local")
            .WithFallback(Sqlite(journal))
            .WithFallback(Defaults())
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

    /// <summary>A local system without persistence, for actors that persist nothing.</summary>
    public static Config PlainLocal() =>
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(Defaults());

    /// <summary>A one-node cluster on loopback journaling into <paramref name="journal"/>; <see cref="JoinSelf"/> forms it.</summary>
    public static Config Cluster(string journal) => ClusterOn(Sqlite(journal));

    /// <summary>A one-node cluster on loopback journaling as <paramref name="journal"/> says (see <see cref="Journal"/>).</summary>
    public static Config ClusterOn(Config journal) =>
        ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.cluster.sharding.remember-entities = on
            """)
            .WithFallback(journal)
            .WithFallback(Defaults())
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingletonManager.DefaultConfig())
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());

    public static async Task JoinSelf(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await cluster.JoinAsync(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>Every event journaled for <paramref name="persistenceId"/>, read back through the serializers.</summary>
    public static async Task<IReadOnlyList<object>> Events(ActorSystem system, string persistenceId)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(persistenceId, 0L, long.MaxValue)
            .RunAggregate(new List<object>(), (l, e) =>
            {
                l.Add(e.Event);
                return l;
            }, system.Materializer());
        return events;
    }

    /// <summary>Writes events into a journal as an entity of that persistence id would have (to replay a crafted history).</summary>
    public sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public override string PersistenceId { get; }

        public JournalWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<IReadOnlyList<object>>(events =>
            {
                var sender = Sender;
                var remaining = events.Count;
                PersistAll(events, _ =>
                {
                    if (--remaining == 0) sender.Tell(Akka.Done.Instance);
                });
            });
        }
    }

    public static async Task WriteJournal(ActorSystem system, string persistenceId, IReadOnlyList<object> events)
    {
        var writer = system.ActorOf(Props.Create(() => new JournalWriter(persistenceId)));
        await writer.Ask<Akka.Done>(events, TimeSpan.FromSeconds(20));
        await writer.GracefulStop(TimeSpan.FromSeconds(10));
    }

    /// <summary>Routes Dream's entity messages by their own entity id, as DreamNode does.</summary>
    public sealed class Extractor() : HashCodeMessageExtractor(10)
    {
        public override string? EntityId(object message) => message switch
        {
            IEntityMessage m => m.EntityId,
            ShardingEnvelope e => e.EntityId,
            _ => null,
        };

        public override object EntityMessage(object message) => message is ShardingEnvelope e ? e.Message : message;
    }
}
