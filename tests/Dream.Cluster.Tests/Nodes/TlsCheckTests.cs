using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Dream.Cluster.Nodes;
using Dream.Cluster.Tests.StackProof;

namespace Dream.Cluster.Tests.Nodes;

/// <summary>The start-up check of the TLS files, and two nodes that talk over TLS with a CA of their own.</summary>
public sealed class TlsCheckTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("dream-tls-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static X509Certificate2 Node(X509Certificate2 ca, string name, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        using var cert = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-2), notAfter, serial);
        return cert.CopyWithPrivateKey(key);
    }

    private string Pfx(string name, X509Certificate2 cert, string password, bool withKey = true)
    {
        var file = Path.Combine(_tmp, name);
        using var publicOnly = X509CertificateLoader.LoadCertificate(cert.RawData);
        File.WriteAllBytes(file, withKey ? cert.Export(X509ContentType.Pkcs12, password) : new X509Certificate2Collection(publicOnly).Export(X509ContentType.Pkcs12, password)!);
        return file;
    }

    private string CaPem(X509Certificate2 ca)
    {
        var file = Path.Combine(_tmp, "ca.pem");
        File.WriteAllText(file, ca.ExportCertificatePem());
        return file;
    }

    private static Akka.Configuration.Config Tls(string cert, string password, string? trust, int port = 0, int? seed = null) =>
        Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp {
              hostname = "127.0.0.1"
              port = {{port}}
              enable-ssl = true
              ssl {
                certificate { path = {{HoconText.Quote(cert)}}, password = {{HoconText.Quote(password)}}, flags = ["exportable"] }
                suppress-validation = false
                require-mutual-authentication = true
                validate-certificate-hostname = false
              }
            }
            akka.actor.provider = cluster
            akka.loglevel = INFO
            akka.coordinated-shutdown.exit-clr = off
            {{(trust == null ? "" : "dream.tls.trust-store = " + HoconText.Quote(trust))}}
            {{(seed == null ? "" : $"akka.cluster.seed-nodes = [\"akka.ssl.tcp://Tls@127.0.0.1:{seed}\"]")}}
            """);

    [Fact]
    public void NothingToCheckWithoutTls() =>
        Assert.Null(TlsCheck.Check(Akka.Configuration.ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = false")));

    [Fact]
    public void EachUnusableFileIsNamed()
    {
        var ca = Ca("Dream test CA");
        var good = Pfx("node.p12", Node(ca, "node", DateTimeOffset.UtcNow.AddDays(30)), "pw");
        var trust = CaPem(ca);

        var m = TlsCheck.Check(Tls(good, "pw", trust))!;
        Assert.True(m.Certificate.HasPrivateKey);
        Assert.Single(m.Ca!);

        Assert.Contains("does not exist", Assert.Throws<InfrastructureException>(() => TlsCheck.Check(Tls(Path.Combine(_tmp, "none.p12"), "pw", trust))).Message);
        Assert.Contains("check DREAM_TLS_PASSWORD", Assert.Throws<InfrastructureException>(() => TlsCheck.Check(Tls(good, "wrong", trust))).Message);
        var noKey = Pfx("trust.p12", Node(ca, "n2", DateTimeOffset.UtcNow.AddDays(30)), "pw", withKey: false);
        Assert.Contains("holds no private key", Assert.Throws<InfrastructureException>(() => TlsCheck.Check(Tls(noKey, "pw", trust))).Message);
        var expired = Pfx("old.p12", Node(ca, "old", DateTimeOffset.UtcNow.AddDays(-1)), "pw");
        Assert.Contains("expired on", Assert.Throws<InfrastructureException>(() => TlsCheck.Check(Tls(expired, "pw", trust))).Message);
        Assert.Contains("trust store", Assert.Throws<InfrastructureException>(() => TlsCheck.Check(Tls(good, "pw", Path.Combine(_tmp, "no-ca.pem")))).Message);
    }

    [Fact]
    public void OnlyCertificatesOfTheClustersOwnCaAreAccepted()
    {
        var ca = Ca("Dream test CA");
        var validator = TlsCheck.SignedBy([ca]);
        using var ours = Node(ca, "ours", DateTimeOffset.UtcNow.AddDays(30));
        using var theirs = Node(Ca("Another CA"), "theirs", DateTimeOffset.UtcNow.AddDays(30));
        using var chain = new X509Chain();
        Assert.True(validator(ours, chain, "peer", SslPolicyErrors.RemoteCertificateChainErrors, null!));
        Assert.False(validator(theirs, chain, "peer", SslPolicyErrors.None, null!));
    }

    [Fact]
    public async Task TwoNodesFormAClusterOverMutualTls()
    {
        var ca = Ca("Dream test CA");
        var trust = CaPem(ca);
        var a = Pfx("a.p12", Node(ca, "a", DateTimeOffset.UtcNow.AddDays(30)), "pw");
        var b = Pfx("b.p12", Node(ca, "b", DateTimeOffset.UtcNow.AddDays(30)), "pw");
        int portA = FreePorts.Next();
        ActorSystem Start(string cert, int port)
        {
            var config = Tls(cert, "pw", trust, port, portA);
            var m = TlsCheck.Check(config)!;
            return ActorSystem.Create("Tls", ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), TlsCheck.Setup(m, config)));
        }
        var nodeA = Start(a, portA);
        var nodeB = Start(b, FreePorts.Next());
        try
        {
            var up = new TaskCompletionSource();
            Akka.Cluster.Cluster.Get(nodeB).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, Akka.Cluster.Cluster.Get(nodeB).State.Members.Count);
        }
        finally
        {
            await Task.WhenAll(nodeB.Terminate(), nodeA.Terminate()).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
