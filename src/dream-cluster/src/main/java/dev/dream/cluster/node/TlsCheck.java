package dev.dream.cluster.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;

/**
 * Checks the key and trust stores of Artery TLS (hocon/tls.conf) when the node starts. Pekko opens them only
 * when a first connection is made, so a node with a missing or unreadable store would otherwise start, run
 * alone, and fail every join with TLS errors in its log.
 */
public final class TlsCheck {
  static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine";
  static final String CONFIG_PROVIDER = "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";

  private TlsCheck() {}

  /** Nothing to check unless the transport is tls-tcp with Pekko's config-based engine (tls.conf's). */
  public static void check(Config config) throws InfrastructureException {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) return;
    if (!CONFIG_PROVIDER.equals(config.getString("pekko.remote.artery.ssl.ssl-engine-provider"))) return;
    Config c = config.getConfig(ENGINE);
    KeyStore keys = load("key store (DREAM_TLS_KEYSTORE)", c.getString("key-store"), c.getString("key-store-password"));
    load("trust store (DREAM_TLS_TRUSTSTORE)", c.getString("trust-store"), c.getString("trust-store-password"));
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(keys.aliases())) {
        if (!keys.isKeyEntry(alias)) continue;
        hasKey = true;
        if (keys.getCertificate(alias) instanceof X509Certificate cert && cert.getNotAfter().toInstant().isBefore(Instant.now())) {
          throw new InfrastructureException("TLS: the certificate in " + c.getString("key-store") + " (" + cert.getSubjectX500Principal()
              + ") expired on " + cert.getNotAfter().toInstant() + "; make a new one (deploy/make-certs.sh)");
        }
      }
      if (!hasKey) {
        throw new InfrastructureException("TLS: the key store " + c.getString("key-store") + " holds no private key, so this node"
            + " could not prove who it is and every other node would refuse it; DREAM_TLS_KEYSTORE must name this node's"
            + " <node>.p12 from deploy/make-certs.sh, not the trust store");
      }
    } catch (java.security.KeyStoreException e) {
      throw new InfrastructureException("TLS: cannot read " + c.getString("key-store") + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore load(String what, String file, String password) throws InfrastructureException {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) throw new InfrastructureException("TLS: the " + what + " " + path.toAbsolutePath() + " does not exist or cannot be read");
    try (InputStream in = Files.newInputStream(path)) {
      // PKCS12 is the default type; since Java 9 it also reads JKS files.
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(in, password.toCharArray());
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new InfrastructureException("TLS: cannot open the " + what + " " + path.toAbsolutePath() + ": " + e.getMessage()
          + (e.getMessage() != null && e.getMessage().contains("password") ? " (check DREAM_TLS_PASSWORD)" : ""), e);
    }
  }
}
