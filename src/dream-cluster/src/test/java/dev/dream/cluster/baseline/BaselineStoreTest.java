package dev.dream.cluster.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.TestSystems;
import dev.dream.core.domain.Genome;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.score.Baseline;
import dev.dream.core.stats.CiOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BaselineStoreTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.local());
  static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

  EventSourcedBehaviorTestKit<BaselineStore.Command, BaselineStore.Event, BaselineStore.State> store;

  @BeforeEach
  void fresh() {
    store = EventSourcedBehaviorTestKit.create(KIT.system(), BaselineStore.create(BaselineStore.entityId("sim", "class-a")));
    store.clear();
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  static BaselineStore.Stored stored(String regime, double perf, Instant at) {
    Map<String, List<Double>> trials = Map.of("perf", List.of(perf - 1, perf + 1));
    BaselineRecord record = BaselineRecord.measured("sim", regime, trials, 2, new Genome(Map.of("threads", 8L)), "class-a",
        "hash", at, CiOptions.DEFAULT, 7);
    return new BaselineStore.Stored(Baseline.ofTrials(record.baselineId(), trials), record, "fp-" + regime);
  }

  private BaselineStore.All all() {
    return store.<BaselineStore.All>runCommand(BaselineStore.GetAll::new).reply();
  }

  @Test
  void recordsBaselinesPerRegimeAndAnswersWithThemAfterARestart() {
    var result = store.<Done>runCommand(r -> new BaselineStore.Record(List.of(stored("idle", 100, AT), stored("normal", 200, AT)), r));
    assertEquals(Done.getInstance(), result.reply());
    assertEquals(2, result.events().size());
    result.events().forEach(e -> assertInstanceOf(BaselineStore.Recorded.class, e));
    assertEquals(Set.of("idle", "normal"), all().byRegime().keySet());

    store.restart();
    BaselineStore.All recovered = all();
    assertEquals(Set.of("idle", "normal"), recovered.byRegime().keySet());
    assertEquals(200.0, recovered.byRegime().get("normal").baseline().means().get("perf"), 1e-9);
  }

  @Test
  void aNewerBaselineOfARegimeReplacesTheOlderOne() {
    store.<Done>runCommand(r -> new BaselineStore.Record(List.of(stored("normal", 200, AT)), r));
    store.<Done>runCommand(r -> new BaselineStore.Record(List.of(stored("normal", 300, AT.plusSeconds(60))), r));
    BaselineStore.Stored now = all().byRegime().get("normal");
    assertEquals(300.0, now.baseline().means().get("perf"), 1e-9);
    assertEquals(AT.plusSeconds(60), now.record().timestamp());
  }

  @Test
  void retiringForgetsEveryBaselineButKeepsTheHistory() {
    store.<Done>runCommand(r -> new BaselineStore.Record(List.of(stored("idle", 100, AT)), r));
    var retired = store.<Done>runCommand(r -> new BaselineStore.Retire("kernel upgraded", r));
    assertEquals(Done.getInstance(), retired.reply());
    BaselineStore.Retired event = retired.eventOfType(BaselineStore.Retired.class);
    assertEquals("kernel upgraded", event.reason());
    assertTrue(all().byRegime().isEmpty());

    store.restart();
    assertTrue(all().byRegime().isEmpty());
    // the journal still holds what was measured before, for the runs that were compared with it
    List<Object> journal = store.persistenceTestKit().persistedInStorage("BaselineStore|sim~class-a");
    assertEquals(2, journal.size());
    assertInstanceOf(BaselineStore.Recorded.class, journal.get(0));
  }

  @Test
  void askingPersistsNothing() {
    var result = store.<BaselineStore.All>runCommand(BaselineStore.GetAll::new);
    assertTrue(result.reply().byRegime().isEmpty());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aStoredBaselineIsFreshOnlyForTheSameMeasurementAndWithinItsAge() {
    BaselineStore.Stored s = stored("normal", 200, AT);
    assertTrue(s.freshFor("fp-normal", Duration.ofDays(7), AT.plus(Duration.ofDays(6))));
    assertFalse(s.freshFor("fp-normal", Duration.ofDays(7), AT.plus(Duration.ofDays(8))));
    assertFalse(s.freshFor("fp-changed-regime", Duration.ofDays(7), AT.plusSeconds(1)));
  }
}
