package dev.dream.cluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import dev.dream.trials.TrialResult;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade on its own: what each call does to the exposition, which stays valid Prometheus text. */
class MetricsTest {
  ActorTestKit kit;
  Metrics metrics;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create("MetricsTest", TestSystems.plainLocal());
    metrics = Metrics.get(kit.system());
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  List<PrometheusText.Sample> scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  @Test
  void countsTrialsByDomainRegimeAndOutcomeAndTimesOnlyMeasuredOnes() {
    metrics.trialFinished(Fixtures.trial("gen0_c0", 0), TrialResult.Outcome.OK, 0.3);
    metrics.trialFinished(Fixtures.trial("gen0_c0", 1), TrialResult.Outcome.OK, 0.7);
    metrics.trialFinished(Fixtures.trial("gen0_c1", 0), TrialResult.Outcome.FAILED, null);
    List<PrometheusText.Sample> s = scrape();
    assertEquals(2.0, PrometheusText.value(s, "dream_trials_total", Map.of("domain", "sim", "regime", "normal", "outcome", "ok")));
    assertEquals(1.0, PrometheusText.value(s, "dream_trials_total", Map.of("domain", "sim", "regime", "normal", "outcome", "failed")));
    assertEquals(2.0, PrometheusText.value(s, "dream_trial_duration_seconds_count", Map.of("domain", "sim", "regime", "normal")));
    assertEquals(1.0, PrometheusText.value(s, "dream_trial_duration_seconds_sum", Map.of("domain", "sim", "regime", "normal")), 1e-9);
    assertEquals(1.0, PrometheusText.value(s, "dream_trial_duration_seconds_bucket", Map.of("domain", "sim", "regime", "normal", "le", "0.5")));
  }

  @Test
  void dispatcherGaugesGoWhenTheDispatcherLeavesThisNode() {
    metrics.dispatcherState(5, 2, 3);
    List<PrometheusText.Sample> s = scrape();
    assertEquals(5.0, PrometheusText.value(s, "dream_trials_queued", Map.of()));
    assertEquals(2.0, PrometheusText.value(s, "dream_trials_in_flight", Map.of()));
    assertEquals(3.0, PrometheusText.value(s, "dream_trial_runners", Map.of()));
    metrics.dispatcherStopped();
    s = scrape();
    assertNull(PrometheusText.value(s, "dream_trials_queued", Map.of()));
    assertNull(PrometheusText.value(s, "dream_trials_in_flight", Map.of()));
  }

  @Test
  void domainSeriesAppearWithRealValuesOnlyAndGoWhenTheCoordinatorStops() {
    Map<String, String> labels = Map.of("run", "r1", "domain", "sim");
    metrics.domainProgress("r1", "sim", -1, null, false);
    assertNull(PrometheusText.value(scrape(), "dream_generation", labels), "no generation while the baselines are measured");
    assertNull(PrometheusText.value(scrape(), "dream_best_score", labels), "no best score before a safe candidate");
    metrics.domainProgress("r1", "sim", 2, 0.125, false);
    assertEquals(2.0, PrometheusText.value(scrape(), "dream_generation", labels));
    assertEquals(0.125, PrometheusText.value(scrape(), "dream_best_score", labels));
    metrics.domainProgress("r1", "sim", 2, 0.125, true);
    assertNull(PrometheusText.value(scrape(), "dream_generation", labels));
    assertNull(PrometheusText.value(scrape(), "dream_best_score", labels));
  }

  @Test
  void journalWritesAreTimedInSeconds() {
    metrics.journalWrite(2_000_000); // 2 ms
    List<PrometheusText.Sample> s = scrape();
    assertEquals(1.0, PrometheusText.value(s, "dream_journal_write_seconds_count", Map.of()));
    assertEquals(0.002, PrometheusText.value(s, "dream_journal_write_seconds_sum", Map.of()), 1e-12);
    assertEquals(0.0, PrometheusText.value(s, "dream_journal_write_seconds_bucket", Map.of("le", "0.001")));
    assertEquals(1.0, PrometheusText.value(s, "dream_journal_write_seconds_bucket", Map.of("le", "0.0025")));
  }

  @Test
  void memberStatusesAreWrittenAsLabelValues() {
    assertEquals("weakly_up", Metrics.statusName(org.apache.pekko.cluster.MemberStatus.weaklyUp()));
    assertEquals("up", Metrics.statusName(org.apache.pekko.cluster.MemberStatus.up()));
  }
}
