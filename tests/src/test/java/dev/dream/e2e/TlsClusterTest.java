package dev.dream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.dream.cluster.node.InfrastructureException;
import dev.dream.cluster.node.NodeConfig;
import dev.dream.cluster.node.NodeSettings;
import dev.dream.cluster.node.TlsCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hocon/tls.conf as shipped, with certificates made by deploy/make-certs.sh: cluster nodes on 127.0.0.1
 * (real TCP, Dream's NodeConfig layering, as {@code dream node --hocon hocon/cluster.conf --hocon
 * hocon/tls.conf} builds it) where only a node holding a certificate of the cluster's CA becomes a member.
 * Nodes that present another CA's certificate, no certificate, or speak no TLS at all try to join the same
 * seed at the same time and never appear in its membership. And a node whose own stores cannot work is
 * stopped at start (TlsCheck) instead of running alone.
 */
class TlsClusterTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String PASSWORD = "test-only-" + Long.toHexString(System.nanoTime());

  @TempDir static Path certs;
  @TempDir Path work;
  final List<ActorSystem<Void>> systems = new ArrayList<>();

  /** Two CAs: the cluster's (a seed and a good node) and a stranger's (an intruder that copied the trust store). */
  @BeforeAll
  static void makeCertificates() throws Exception {
    makeCerts(certs.resolve("cluster"), "seed", "good");
    makeCerts(certs.resolve("other"), "intruder");
  }

  static void makeCerts(Path out, String... nodes) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/make-certs.sh").toString(), out.toString()));
    cmd.addAll(List.of(nodes));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DREAM_TLS_PASSWORD", PASSWORD);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, p.exitValue(), output);
    for (String n : nodes) assertTrue(Files.isRegularFile(out.resolve(n + ".p12")), output);
  }

  @AfterEach
  void stop() throws Exception {
    for (ActorSystem<Void> s : systems) s.terminate();
    for (ActorSystem<Void> s : systems) s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void onlyANodeWithACertificateOfTheClusterCaJoins() throws Exception {
    Path cluster = certs.resolve("cluster");
    Path trust = cluster.resolve("truststore.p12");
    ActorSystem<Void> seed = start("seed", tls(cluster.resolve("seed.p12"), trust), List.of());
    Cluster.get(seed).manager().tell(Join.create(Cluster.get(seed).selfMember().address()));
    awaitMembers(seed, Set.of(address(seed)));
    List<String> join = List.of("127.0.0.1:" + address(seed).getPort().get());

    // The intruder trusts the cluster's CA (its certificate is public) but holds a certificate of another.
    ActorSystem<Void> intruder = start("intruder", tls(certs.resolve("other/intruder.p12"), trust), join);
    // The trust store holds no private key: this node has TLS but presents no certificate.
    ActorSystem<Void> noCertificate = start("no-certificate", tls(trust, trust), join);
    ActorSystem<Void> plain = start("plain", null, join);
    ActorSystem<Void> good = start("good", tls(cluster.resolve("good.p12"), trust), join);

    // The good node started last, so each of the others had at least as long to get in.
    awaitMembers(seed, Set.of(address(seed), address(good)));
    awaitMembers(good, Set.of(address(seed), address(good)));
    // They retry every second (seed-node-timeout, retry-unsuccessful-join-after below); a few more tries:
    TimeUnit.SECONDS.sleep(4);
    assertEquals(Set.of(address(seed).toString(), address(good).toString()), members(seed),
        "only the node with the cluster CA's certificate is a member");
    assertTrue(Cluster.get(seed).state().getUnreachable().isEmpty(), "no refused node was ever a member");
    for (ActorSystem<Void> refused : List.of(intruder, noCertificate, plain)) {
      assertNotEquals(MemberStatus.up(), Cluster.get(refused).selfMember().status(), refused.name());
      assertTrue(!members(refused).contains(address(seed).toString()), refused.name() + " never saw the seed's membership");
    }
  }

  /** The per-node settings that production passes through the environment (DREAM_TLS_*): tls.conf reads either. */
  static String tls(Path keyStore, Path trustStore) {
    return "DREAM_TLS_KEYSTORE = \"" + keyStore + "\"\nDREAM_TLS_TRUSTSTORE = \"" + trustStore + "\"\n"
        + "DREAM_TLS_PASSWORD = \"" + PASSWORD + "\"\n";
  }

  @Test
  void aNodeWithAStoreThatCannotWorkIsStoppedAtStartWithTheReason() throws Exception {
    Path cluster = certs.resolve("cluster");
    Path trust = cluster.resolve("truststore.p12");
    TlsCheck.check(config("good", tls(cluster.resolve("good.p12"), trust), List.of()));
    TlsCheck.check(config("plain", null, List.of()));
    assertRefused("holds no private key", config("no-certificate", tls(trust, trust), List.of()));
    assertRefused("does not exist", config("missing", tls(cluster.resolve("nobody.p12"), trust), List.of()));
    assertRefused("check DREAM_TLS_PASSWORD",
        config("wrong-password", tls(cluster.resolve("good.p12"), trust).replace(PASSWORD, "not-the-password"), List.of()));
  }

  static void assertRefused(String reason, Config config) {
    InfrastructureException e = assertThrows(InfrastructureException.class, () -> TlsCheck.check(config));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  /** A node as dream node starts it: cluster.conf, then tls.conf unless {@code tlsSettings} is null. */
  ActorSystem<Void> start(String name, String tlsSettings, List<String> join) throws Exception {
    Config config = config(name, tlsSettings, join);
    assertEquals(tlsSettings == null ? "tcp" : "tls-tcp", config.getString("pekko.remote.artery.transport"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "Dream", config);
    systems.add(system);
    return system;
  }

  /** The node's configuration as NodeConfig layers it. */
  Config config(String name, String tlsSettings, List<String> join) throws Exception {
    Path node = work.resolve(name);
    Files.createDirectories(node);
    List<Path> hocon = new ArrayList<>(List.of(ROOT.resolve("hocon/cluster.conf")));
    if (tlsSettings != null) hocon.add(ROOT.resolve("hocon/tls.conf"));
    Path own = node.resolve("node.conf");
    Files.writeString(own, (tlsSettings == null ? "" : tlsSettings)
        + "pekko.cluster.seed-node-timeout = 1s\npekko.cluster.retry-unsuccessful-join-after = 1s\n");
    hocon.add(own);
    return NodeConfig.build(new NodeSettings(node, hocon, "127.0.0.1", 0, join, Set.of("coordinator", "runner"), null, "test"), Map.of());
  }

  static Address address(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address();
  }

  static Set<String> members(ActorSystem<?> system) {
    Set<String> out = new TreeSet<>();
    for (Member m : Cluster.get(system).state().getMembers()) out.add(m.address().toString());
    return out;
  }

  static void awaitMembers(ActorSystem<?> system, Set<Address> expected) throws InterruptedException {
    Set<String> want = new TreeSet<>();
    expected.forEach(a -> want.add(a.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Set<String> up = new TreeSet<>();
      for (Member m : Cluster.get(system).state().getMembers()) if (m.status() == MemberStatus.up()) up.add(m.address().toString());
      if (up.equals(want)) return;
      if (System.nanoTime() > deadline) throw new AssertionError("members up: " + up + ", expected " + want);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
