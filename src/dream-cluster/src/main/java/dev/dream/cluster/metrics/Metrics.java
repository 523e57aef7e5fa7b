package dev.dream.cluster.metrics;

import dev.dream.trials.TrialResult;
import dev.dream.trials.TrialSpec;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The Prometheus metrics of one node, one registry per actor system (so that several nodes in one JVM, as in
 * tests, keep theirs apart). The actors report through the few methods below, each a single call; every
 * value is a measurement or a count of this node, and a series whose source has stopped on this node is
 * removed rather than left at its last value.
 */
public final class Metrics implements Extension {
  /** Text exposition format 0.0.4, the format every Prometheus server scrapes. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private static final Id ID = new Id();

  public static Metrics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private static final class Id extends ExtensionId<Metrics> {
    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      return new Metrics();
    }
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter trials = Counter.builder()
      .name("dream_trials_total")
      .help("Trials this node's runner finished, by domain, regime and outcome (a trial re-dispatched after a lost lease counts on each node that finished it).")
      .labelNames("domain", "regime", "outcome")
      .register(registry);

  private final Histogram trialDuration = Histogram.builder()
      .name("dream_trial_duration_seconds")
      .unit(Unit.SECONDS)
      .help("Wall-clock time of the trials this node ran, from applying the knobs to restoring them, as the executor measured it.")
      .labelNames("domain", "regime")
      .classicOnly()
      .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
      .register(registry);

  /** The dispatcher's last reported state; null while no dispatcher runs on this node. */
  private volatile int[] dispatcher;

  {
    dispatcherGauge("dream_trials_queued", "Trials waiting in the TrialDispatcher for a free runner", 0);
    dispatcherGauge("dream_trials_in_flight", "Trials leased to a runner and not yet answered", 1);
    dispatcherGauge("dream_trial_runners", "TrialRunners ready to take trials (registered and described)", 2);
  }

  private void dispatcherGauge(String name, String help, int index) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help + " (only on the node that hosts the dispatcher).")
        .callback(cb -> {
          int[] d = dispatcher;
          if (d != null) cb.call(d[index]);
        })
        .register(registry);
  }

  private final Gauge bestScore = Gauge.builder()
      .name("dream_best_score")
      .help("score_v2 of the best safe candidate so far, per run and domain; absent until a safe candidate is assessed.")
      .labelNames("run", "domain")
      .register(registry);

  private final Gauge generation = Gauge.builder()
      .name("dream_generation")
      .help("The generation in progress (from 0), per run and domain; absent while the baselines are measured.")
      .labelNames("run", "domain")
      .register(registry);

  private final Histogram journalWrite = Histogram.builder()
      .name("dream_journal_write_seconds")
      .unit(Unit.SECONDS)
      .help("Time from handing a batch of trial outcomes to the DomainCoordinator to its acknowledgement that they are in the journal.")
      .classicOnly()
      .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
      .register(registry);

  private Metrics() {}

  /** A runner finished a trial; {@code measuredSeconds} is null when the executor crashed and measured nothing. */
  public void trialFinished(TrialSpec spec, TrialResult.Outcome outcome, Double measuredSeconds) {
    trials.labelValues(spec.domain(), spec.regime(), outcome.name().toLowerCase(Locale.ROOT)).inc();
    if (measuredSeconds != null) trialDuration.labelValues(spec.domain(), spec.regime()).observe(measuredSeconds);
  }

  /** The dispatcher's queue after a change. */
  public void dispatcherState(int queuedTrials, int trialsInFlight, int knownRunners) {
    dispatcher = new int[] {queuedTrials, trialsInFlight, knownRunners};
  }

  /** The dispatcher left this node (a singleton hand-over, or shutdown): its gauges are no longer ours. */
  public void dispatcherStopped() {
    dispatcher = null;
  }

  /**
   * Where a domain's coordinator stands; {@code stopped}: the coordinator has stopped on this node (finished
   * and passivated, moved to another node, or shut down), so its series go.
   */
  public void domainProgress(String runId, String domain, int gen, Double best, boolean stopped) {
    if (stopped || gen < 0) {
      generation.remove(runId, domain);
    } else {
      generation.labelValues(runId, domain).set(gen);
    }
    if (stopped || best == null) {
      bestScore.remove(runId, domain);
    } else {
      bestScore.labelValues(runId, domain).set(best);
    }
  }

  /** A batch of trial outcomes was acknowledged by the journal, {@code nanos} after it was handed over. */
  public void journalWrite(long nanos) {
    journalWrite.observe(nanos / 1e9);
  }

  /**
   * Counts this node's view of the cluster members by status at each scrape; idempotent. Not registered for
   * actor systems that are not cluster nodes.
   */
  public synchronized void observeCluster(ActorSystem<?> system) {
    if (clusterObserved) return;
    clusterObserved = true;
    Cluster cluster = Cluster.get(system);
    GaugeWithCallback.builder()
        .name("dream_cluster_members")
        .help("Cluster members by status as this node sees them; status=unreachable counts the members this node's failure detector marks unreachable.")
        .labelNames("status")
        .callback(cb -> {
          ClusterEvent.CurrentClusterState state = cluster.state();
          for (MemberStatus s : STATUSES) {
            long n = 0;
            for (Member m : state.getMembers()) if (m.status().equals(s)) n++;
            cb.call(n, statusName(s));
          }
          cb.call(state.getUnreachable().size(), "unreachable");
        })
        .register(registry);
  }

  private boolean clusterObserved;

  private static final MemberStatus[] STATUSES = {
    MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(), MemberStatus.leaving(),
    MemberStatus.exiting(), MemberStatus.down(), MemberStatus.removed(), MemberStatus.shuttingDown(),
    MemberStatus.shutDown()
  };

  static String statusName(MemberStatus s) {
    // "WeaklyUp" -> "weakly_up", as Prometheus label values are usually written
    return s.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Everything, in the Prometheus text exposition format 0.0.4. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
