using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Persistence;
using Xunit.Abstractions;

namespace Dream.Cluster.Tests.StackProof;

/// <summary>
/// The stack Dream is built on, end to end: two cluster nodes on loopback (dot-netty remoting, seed nodes),
/// Cluster Sharding with a persistent entity journaled by Akka.Persistence.Sql (SQLite, then PostgreSQL),
/// Hyperion on the wire and in the journal, commands from node A to an entity on node B, and recovery from
/// the journal after node B restarts.
/// </summary>
public sealed class StackProofTests(ITestOutputHelper output)
{
    // ---- the entity ----

    public sealed record Add(string Id, long Amount);
    public sealed record Get(string Id);
    public sealed record Added(long Amount, string By);
    public sealed record Total(string Id, long Value, int Events, string Host);

    public sealed class Counter : ReceivePersistentActor
    {
        private long _value;
        private int _events;

        public override string PersistenceId { get; }

        public Counter(string id)
        {
            PersistenceId = "Counter|" + id;
            Recover<Added>(e => { _value += e.Amount; _events++; });
            Command<Add>(c => Persist(new Added(c.Amount, Context.System.Name), e =>
            {
                _value += e.Amount;
                _events++;
                Sender.Tell(Reply(c.Id));
            }));
            Command<Get>(c => Sender.Tell(Reply(c.Id)));
        }

        private Total Reply(string id) =>
            new(id, _value, _events, Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString());
    }

    private sealed class Extractor() : HashCodeMessageExtractor(10)
    {
        public override string? EntityId(object message) => message switch
        {
            Add a => a.Id,
            Get g => g.Id,
            _ => null,
        };
    }

    // ---- the nodes ----

    private const string TypeName = "Counter";
    private const string HostRole = "coordinator";

    /// <summary>The configuration under test; <paramref name="persistence"/> is the journal's part.</summary>
    public static Config NodeConfig(int port, int seedPort, string role, string persistence) =>
        ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              actor {
                provider = cluster
                serializers.hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion"
                serialization-bindings { "System.Object" = hyperion }
              }
              remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
              cluster {
                seed-nodes = ["akka.tcp://Proof@127.0.0.1:{{seedPort}}"]
                roles = ["{{role}}"]
                sharding {
                  remember-entities = on
                  remember-entities-store = eventsourced
                }
              }
              coordinated-shutdown.exit-clr = off
            }
            {{persistence}}
            """)
            // The plugin's and sharding's reference settings: a node may receive sharding messages before
            // ClusterSharding.Get would have injected them.
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingletonManager.DefaultConfig());

    public static string SqlPersistence(string provider, string connectionString) => $$"""
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              connection-string = "{{connectionString}}"
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              connection-string = "{{connectionString}}"
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
          query.journal.sql {
            connection-string = "{{connectionString}}"
            provider-name = "{{provider}}"
          }
        }
        """;

    private static async Task<ActorSystem> StartNode(int port, int seedPort, string role, string persistence)
    {
        var system = ActorSystem.Create("Proof", NodeConfig(port, seedPort, role, persistence));
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return system;
    }

    private static async Task Stop(ActorSystem system)
    {
        // A graceful leave hands the shards over before the node goes.
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ProveOn(string persistence)
    {
        int portA = FreePorts.Next(), portB = FreePorts.Next();
        // A is the seed and a runner-like node without entities; B hosts them.
        var a = await StartNode(portA, portA, "runner", persistence);
        try
        {
            var b = await StartNode(portB, portA, HostRole, persistence);
            ClusterSharding.Get(b).Start(TypeName, id => Props.Create(() => new Counter(id)),
                ClusterShardingSettings.Create(b).WithRole(HostRole), new Extractor());
            var proxy = await ClusterSharding.Get(a).StartProxyAsync(TypeName, HostRole, new Extractor());
            var bAddress = Akka.Cluster.Cluster.Get(b).SelfAddress.ToString();

            var t = TimeSpan.FromSeconds(20);
            await proxy.Ask<Total>(new Add("x", 5), t);
            await proxy.Ask<Total>(new Add("x", 7), t);
            var first = await proxy.Ask<Total>(new Add("y", 1), t);
            var before = await proxy.Ask<Total>(new Get("x"), t);
            Assert.Equal(12, before.Value);
            Assert.Equal(bAddress, before.Host);
            Assert.Equal(bAddress, first.Host);
            output.WriteLine($"before restart: {before}");

            // B goes; a new B (new port, same journal) takes the shards and recovers the entities from the journal.
            await Stop(b);
            int portB2 = FreePorts.Next();
            var b2 = await StartNode(portB2, portA, HostRole, persistence);
            try
            {
                ClusterSharding.Get(b2).Start(TypeName, id => Props.Create(() => new Counter(id)),
                    ClusterShardingSettings.Create(b2).WithRole(HostRole), new Extractor());
                var b2Address = Akka.Cluster.Cluster.Get(b2).SelfAddress.ToString();
                Total after = await Eventually(() => proxy.Ask<Total>(new Get("x"), TimeSpan.FromSeconds(5)));
                Assert.Equal(12, after.Value);
                Assert.Equal(2, after.Events);
                Assert.Equal(b2Address, after.Host);
                var more = await proxy.Ask<Total>(new Add("x", 1), t);
                Assert.Equal(13, more.Value);
                Assert.Equal(1, (await proxy.Ask<Total>(new Get("y"), t)).Value);
                output.WriteLine($"after restart: {after}, then {more}");
            }
            finally
            {
                await Stop(b2);
            }
        }
        finally
        {
            await Stop(a);
        }
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> ask)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try { return await ask(); }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline) { }
        }
    }

    [Fact]
    public async Task TwoNodesShardAPersistentEntityOnSqliteAndRecoverItAfterARestart()
    {
        var dir = Directory.CreateTempSubdirectory("dream-proof-");
        try
        {
            var db = Path.Combine(dir.FullName, "journal.db");
            await ProveOn(SqlPersistence("SQLite.MS", $"Data Source={db}"));
            Assert.True(File.Exists(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TwoNodesShardAPersistentEntityOnPostgresAndRecoverItAfterARestart()
    {
        if (PostgresServer.Unavailable() is { } why)
        {
            output.WriteLine(why);
            return;
        }
        var name = PostgresServer.CreateDatabase("dream_proof_");
        try
        {
            await ProveOn(SqlPersistence("PostgreSQL.15", PostgresServer.ConnectionString(name)));
        }
        finally
        {
            PostgresServer.DropDatabase(name);
        }
    }
}
