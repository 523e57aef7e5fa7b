using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Checks the certificate and the trust store of the TLS transport (hocon/tls.conf) when the node starts, and
/// makes the transport trust exactly the cluster's CA. Akka.NET opens the certificate only when a first
/// connection is made, so a node with a missing or unreadable one would otherwise start, run alone, and
/// fail every join with TLS errors in its log.
/// </summary>
public static class TlsCheck
{
    internal const string Tcp = "akka.remote.dot-netty.tcp";
    internal const string TrustStore = "dream.tls.trust-store";
    internal const string TrustStorePassword = "dream.tls.trust-store-password";

    /// <summary>What the transport needs from Dream: this node's certificate and the cluster CA's.</summary>
    public sealed record Material(X509Certificate2 Certificate, X509Certificate2Collection? Ca);

    /// <summary>Nothing to check (null) unless TLS is on with a certificate file (tls.conf's way).</summary>
    public static Material? Check(Config config)
    {
        if (!config.GetBoolean(Tcp + ".enable-ssl", false)) return null;
        var c = config.GetConfig(Tcp + ".ssl.certificate");
        if (c == null || c.GetBoolean("use-thumbprint-over-file", false) || !string.IsNullOrEmpty(c.GetString("common-name", ""))) return null;
        var file = c.GetString("path", "");
        var cert = LoadCertificate(file, c.GetString("password", ""));
        if (!cert.HasPrivateKey)
        {
            throw new InfrastructureException($"TLS: the certificate {file} holds no private key, so this node could not prove who it is"
                + " and every other node would refuse it; DREAM_TLS_KEYSTORE must name this node's <node>.p12 from deploy/make-certs.sh, not the trust store");
        }
        if (cert.NotAfter.ToUniversalTime() < DateTime.UtcNow)
        {
            throw new InfrastructureException($"TLS: the certificate in {file} ({cert.Subject}) expired on "
                + $"{cert.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}; make a new one (deploy/make-certs.sh)");
        }
        var trust = config.GetString(TrustStore, "");
        X509Certificate2Collection? ca = null;
        if (!string.IsNullOrEmpty(trust))
        {
            ca = LoadTrust(trust, config.GetString(TrustStorePassword, ""));
            if (ca.Count == 0) throw new InfrastructureException($"TLS: the trust store {Path.GetFullPath(trust)} holds no certificate");
        }
        return new Material(cert, ca);
    }

    private static X509Certificate2 LoadCertificate(string file, string password)
    {
        if (string.IsNullOrEmpty(file) || !File.Exists(file))
            throw new InfrastructureException($"TLS: the certificate (DREAM_TLS_KEYSTORE) {Path.GetFullPath(file.Length == 0 ? "." : file)} does not exist or cannot be read");
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, password, X509KeyStorageFlags.Exportable);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InfrastructureException($"TLS: cannot open the certificate (DREAM_TLS_KEYSTORE) {Path.GetFullPath(file)}: {e.Message}"
                + (e is CryptographicException ? " (check DREAM_TLS_PASSWORD)" : ""), e);
        }
    }

    private static X509Certificate2Collection LoadTrust(string file, string password)
    {
        if (!File.Exists(file))
            throw new InfrastructureException($"TLS: the trust store (DREAM_TLS_TRUSTSTORE) {Path.GetFullPath(file)} does not exist or cannot be read");
        try
        {
            var bytes = File.ReadAllBytes(file);
            if (X509Certificate2.GetCertContentType(bytes) == X509ContentType.Pkcs12)
                return X509CertificateLoader.LoadPkcs12Collection(bytes, password);
            var pem = new X509Certificate2Collection();
            pem.ImportFromPemFile(file);
            if (pem.Count > 0) return pem;
            return [X509CertificateLoader.LoadCertificate(bytes)];
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InfrastructureException($"TLS: cannot open the trust store (DREAM_TLS_TRUSTSTORE) {Path.GetFullPath(file)}: {e.Message}"
                + " (check DREAM_TLS_TRUSTSTORE_PASSWORD or DREAM_TLS_PASSWORD)", e);
        }
    }

    /// <summary>
    /// The transport's TLS set-up: mutual authentication, no host-name check (nodes are known by holding a
    /// certificate of the cluster's own CA, not by a name), and a peer accepted only when its chain ends at
    /// that CA, whatever the machine's own trust store says.
    /// </summary>
    public static DotNettySslSetup Setup(Material m, Config config)
    {
        bool mutual = config.GetBoolean(Tcp + ".ssl.require-mutual-authentication", true);
        bool hostname = config.GetBoolean(Tcp + ".ssl.validate-certificate-hostname", false);
        if (m.Ca == null) return new DotNettySslSetup(m.Certificate, false, mutual, hostname);
        return new DotNettySslSetup(m.Certificate, false, mutual, hostname, SignedBy(m.Ca));
    }

    /// <summary>Accepts a peer certificate whose chain, built on <paramref name="ca"/> alone, is valid.</summary>
    public static CertificateValidationCallback SignedBy(X509Certificate2Collection ca) =>
        (X509Certificate2 certificate, X509Chain chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log) =>
        {
            if (certificate == null) return false;
            using var own = new X509Chain();
            own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            own.ChainPolicy.CustomTrustStore.AddRange(ca);
            own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            bool ok = own.Build(certificate);
            if (!ok) log?.Warning("TLS: refused {0}: its certificate {1} is not signed by this cluster's CA", remotePeer, certificate.Subject);
            return ok;
        };
}
