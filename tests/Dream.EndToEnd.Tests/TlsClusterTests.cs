using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Dream.Cluster.Nodes;
using AkkaConfig = Akka.Configuration.Config;

namespace Dream.EndToEnd.Tests;

/// <summary>Two CAs and their certificates, made once in code (what deploy/make-certs.sh makes for an operator).</summary>
public sealed class TlsCertificates : IDisposable
{
    public static readonly string Password = "test-only-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    private readonly TempDir _dir = new();

    /// <summary>The cluster's CA (a seed and a good node) and a stranger's (an intruder that copied the trust store).</summary>
    public TlsCertificates()
    {
        using var cluster = Ca("Dream cluster CA");
        using var other = Ca("Another CA");
        File.WriteAllBytes(TrustStore, new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(cluster.RawData))
            .Export(X509ContentType.Pkcs12, Password)!);
        foreach (var n in new[] { "seed", "good" }) File.WriteAllBytes(Cluster(n), Node(cluster, n).Export(X509ContentType.Pkcs12, Password));
        File.WriteAllBytes(Intruder, Node(other, "intruder").Export(X509ContentType.Pkcs12, Password));
    }

    /// <summary>The cluster CA's certificate alone (PKCS#12, no private key).</summary>
    public string TrustStore => _dir.Resolve("truststore.p12");

    public string Cluster(string node) => _dir.Resolve(node + ".p12");

    public string Intruder => _dir.Resolve("intruder.p12");

    private static X509Certificate2 Ca(string name)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 Node(X509Certificate2 ca, string name)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        return cert.CopyWithPrivateKey(key);
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// hocon/tls.conf as shipped: cluster nodes on 127.0.0.1 (real TCP, Dream's NodeConfig layering, as <c>dream node
/// --hocon hocon/cluster.conf --hocon hocon/tls.conf</c> builds it) where only a node holding a certificate of the
/// cluster's CA becomes a member. Nodes that present another CA's certificate, no certificate, or speak no TLS at all
/// try to join the same seed at the same time and never appear in its membership. And a node whose own files cannot
/// work is stopped at start (TlsCheck) instead of running alone.
/// </summary>
public sealed class TlsClusterTests(TlsCertificates certs) : IClassFixture<TlsCertificates>, IDisposable
{
    private readonly TempDir _work = new();
    private readonly List<ActorSystem> _systems = [];

    public void Dispose()
    {
        Task.WhenAll(_systems.Select(s => s.Terminate())).Wait(TimeSpan.FromSeconds(30));
        _work.Dispose();
    }

    [Fact]
    public void OnlyANodeWithACertificateOfTheClusterCaJoins()
    {
        var trust = certs.TrustStore;
        var seed = Start("seed", Tls(certs.Cluster("seed"), trust), []);
        Akka.Cluster.Cluster.Get(seed).Join(Address(seed));
        AwaitMembers(seed, [Address(seed)]);
        List<string> join = ["127.0.0.1:" + Address(seed).Port];

        // The intruder trusts the cluster's CA (its certificate is public) but holds a certificate of another.
        var intruder = Start("intruder", Tls(certs.Intruder, trust), join);
        // The trust store holds no private key: a node with TLS that has no certificate to present. On Pekko it ran and
        // was refused by the seed; Akka.NET's transport does not even start without a private key (and TlsCheck stops
        // such a node first, with the reason: see below), so it can never be a member.
        var noCertificate = Assert.ThrowsAny<Exception>(() => Start("no-certificate", Tls(trust, trust), join, check: false));
        Assert.Contains("private key", Flatten(noCertificate));
        var plain = Start("plain", null, join);
        var good = Start("good", Tls(certs.Cluster("good"), trust), join);

        // The good node started last, so each of the others had at least as long to get in.
        AwaitMembers(seed, [Address(seed), Address(good)]);
        AwaitMembers(good, [Address(seed), Address(good)]);
        // They retry every second (seed-node-timeout, retry-unsuccessful-join-after below); a few more tries:
        Thread.Sleep(TimeSpan.FromSeconds(4));
        Assert.True(new[] { Address(seed).ToString(), Address(good).ToString() }.Order(StringComparer.Ordinal).SequenceEqual(Members(seed)),
            "only the node with the cluster CA's certificate is a member: " + string.Join(", ", Members(seed)));
        Assert.True(Akka.Cluster.Cluster.Get(seed).State.Unreachable.IsEmpty, "no refused node was ever a member");
        foreach (var refused in new[] { intruder, plain })
        {
            Assert.True(Akka.Cluster.Cluster.Get(refused).SelfMember.Status != MemberStatus.Up, refused.Name);
            Assert.False(Members(refused).Contains(Address(seed).ToString()), refused.Name + " never saw the seed's membership");
        }
    }

    [Fact]
    public void ANodeWithAFileThatCannotWorkIsStoppedAtStartWithTheReason()
    {
        var trust = certs.TrustStore;
        Assert.NotNull(TlsCheck.Check(Config("good", Tls(certs.Cluster("good"), trust), [])));
        Assert.Null(TlsCheck.Check(Config("plain", null, [])));
        AssertRefused("holds no private key", Config("no-certificate", Tls(trust, trust), []));
        AssertRefused("does not exist", Config("missing", Tls(_work.Resolve("nobody.p12"), trust), []));
        var wrongPassword = new Dictionary<string, string>(Tls(certs.Cluster("good"), trust)) { ["DREAM_TLS_PASSWORD"] = "not-the-password" };
        AssertRefused("check DREAM_TLS_PASSWORD", Config("wrong-password", wrongPassword, []));
    }

    private static string Flatten(Exception e) => e is AggregateException a ? string.Join("; ", a.Flatten().InnerExceptions.Select(Flatten)) : e.Message;

    private static void AssertRefused(string reason, AkkaConfig config)
    {
        var e = Assert.Throws<InfrastructureException>(() => TlsCheck.Check(config));
        Assert.True(e.Message.Contains(reason), e.Message);
    }

    /// <summary>The per-node settings that production passes through the environment (DREAM_TLS_*), which tls.conf reads.</summary>
    private static IReadOnlyDictionary<string, string> Tls(string keyStore, string trustStore) => new Dictionary<string, string>
    {
        ["DREAM_TLS_KEYSTORE"] = keyStore,
        ["DREAM_TLS_TRUSTSTORE"] = trustStore,
        ["DREAM_TLS_PASSWORD"] = TlsCertificates.Password,
    };

    /// <summary>
    /// A node as DreamNode starts it: cluster.conf, then tls.conf unless <paramref name="tls"/> is null, and the transport's
    /// TLS set-up from TlsCheck (unless <paramref name="check"/> is off).
    /// </summary>
    private ActorSystem Start(string name, IReadOnlyDictionary<string, string>? tls, IReadOnlyList<string> join, bool check = true)
    {
        var config = Config(name, tls, join);
        Assert.Equal(tls != null, config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false));
        var setup = BootstrapSetup.Create().WithConfig(config);
        var material = check ? TlsCheck.Check(config) : null;
        var system = material == null
            ? ActorSystem.Create(NodeConfig.SystemName, setup)
            : ActorSystem.Create(NodeConfig.SystemName, setup.And(TlsCheck.Setup(material, config)));
        _systems.Add(system);
        return system;
    }

    /// <summary>The node's configuration as NodeConfig layers it.</summary>
    private AkkaConfig Config(string name, IReadOnlyDictionary<string, string>? tls, IReadOnlyList<string> join)
    {
        var node = Directory.CreateDirectory(_work.Resolve(name)).FullName;
        var root = E2e.RepositoryRoot();
        var hocon = new List<string> { Path.Combine(root, "hocon", "cluster.conf") };
        if (tls != null) hocon.Add(Path.Combine(root, "hocon", "tls.conf"));
        var own = Path.Combine(node, "node.conf");
        File.WriteAllText(own, "akka.cluster.seed-node-timeout = 1s\nakka.cluster.retry-unsuccessful-join-after = 1s\n");
        hocon.Add(own);
        return NodeConfig.Build(Path.Combine(node, "data"), hocon, "127.0.0.1", 0, join, ["coordinator", "runner"],
            new Dictionary<string, object>(), tls ?? new Dictionary<string, string>());
    }

    private static Address Address(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress;

    private static List<string> Members(ActorSystem system) =>
        Akka.Cluster.Cluster.Get(system).State.Members.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();

    private static void AwaitMembers(ActorSystem system, IEnumerable<Address> expected)
    {
        var want = expected.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var up = Akka.Cluster.Cluster.Get(system).State.Members.Where(m => m.Status == MemberStatus.Up)
                .Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();
            if (up.SequenceEqual(want)) return;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"members up: {string.Join(", ", up)}, expected {string.Join(", ", want)}");
            Thread.Sleep(100);
        }
    }
}
