package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.cluster.Fixtures;
import dev.dream.cluster.TestSystems;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RunRegistryTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.local());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<RunRegistry.Command, RunRegistry.Created, RunRegistry.State> registry(String runId) {
    EventSourcedBehaviorTestKit<RunRegistry.Command, RunRegistry.Created, RunRegistry.State> kit =
        EventSourcedBehaviorTestKit.create(KIT.system(), RunRegistry.create(runId));
    kit.clear();
    return kit;
  }

  @Test
  void createRecordsTheSpecOnceAndGetReturnsItAfterARestart() {
    RunSpec spec = Fixtures.run("run-a", "class-a", 3, 4, 2);
    var registry = registry("run-a");
    var created = registry.<StatusReply<RunSpec>>runCommand(r -> new RunRegistry.Create(spec, r));
    assertTrue(created.reply().isSuccess());
    assertEquals(spec, created.reply().getValue());
    assertEquals(new RunRegistry.Created(spec), created.event());

    registry.restart();
    StatusReply<RunSpec> got = registry.<StatusReply<RunSpec>>runCommand(RunRegistry.Get::new).reply();
    assertTrue(got.isSuccess());
    assertEquals(spec, got.getValue());
  }

  @Test
  void createIsIdempotentAndKeepsTheFirstSpec() {
    RunSpec first = Fixtures.run("run-b", "class-a", 3, 4, 2);
    RunSpec other = Fixtures.run("run-b", "class-a", 9, 6, 5);
    var registry = registry("run-b");
    registry.<StatusReply<RunSpec>>runCommand(r -> new RunRegistry.Create(first, r));
    var again = registry.<StatusReply<RunSpec>>runCommand(r -> new RunRegistry.Create(first, r));
    assertTrue(again.hasNoEvents());
    assertEquals(first, again.reply().getValue());
    var conflicting = registry.<StatusReply<RunSpec>>runCommand(r -> new RunRegistry.Create(other, r));
    assertTrue(conflicting.hasNoEvents());
    assertEquals(first, conflicting.reply().getValue(), "a run's recorded spec never changes");
    assertEquals(1, registry.persistenceTestKit().persistedInStorage("Run|run-b").size());
  }

  @Test
  void getOfAnUnknownRunIsAnErrorAndPersistsNothing() {
    var registry = registry("no-such-run");
    var result = registry.<StatusReply<RunSpec>>runCommand(RunRegistry.Get::new);
    assertTrue(result.reply().isError());
    assertEquals("unknown run", result.reply().getError().getMessage());
    assertTrue(result.hasNoEvents());
    registry.persistenceTestKit().expectNothingPersisted("Run|no-such-run");
    registry.restart();
    assertEquals(null, registry.getState().spec());
  }
}
