package dev.dream.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dream.cluster.run.DomainCoordinator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the journal and the live coordinators combine into a domain's and a run's state. */
class RunQueriesTest {
  static final Optional<DomainCoordinator.Progress> IN_PROGRESS =
      Optional.of(new DomainCoordinator.Progress("r", "sim", true, 1, 3, 10, "gen0_c1", 0.2, null));
  static final Optional<DomainCoordinator.Progress> DONE =
      Optional.of(new DomainCoordinator.Progress("r", "sim", true, 2, 3, 30, "gen2_c0", 0.3, "completed"));

  @Test
  void aDomainsState() {
    assertEquals(Views.FINISHED, RunQueries.domainState(DONE, false, true));
    assertEquals(Views.FINISHED, RunQueries.domainState(DONE, true, true), "a finished coordinator not yet passivated");
    assertEquals(Views.RUNNING, RunQueries.domainState(IN_PROGRESS, true, false));
    assertEquals(Views.STOPPED, RunQueries.domainState(IN_PROGRESS, false, true));
    assertEquals(Views.UNKNOWN, RunQueries.domainState(IN_PROGRESS, false, false));
    assertEquals(Views.NOT_STARTED, RunQueries.domainState(Optional.empty(), false, true));
  }

  static Views.DomainProgress domain(String state) {
    return new Views.DomainProgress("d", state, null, 0, 1, 2, List.of("normal"), 1, 0, null, null, null);
  }

  @Test
  void aRunsStateFollowsItsDomains() {
    assertEquals(Views.RUNNING, RunQueries.runState(List.of(domain(Views.FINISHED), domain(Views.RUNNING))));
    assertEquals(Views.FINISHED, RunQueries.runState(List.of(domain(Views.FINISHED), domain(Views.FINISHED))));
    assertEquals(Views.STOPPED, RunQueries.runState(List.of(domain(Views.FINISHED), domain(Views.STOPPED), domain(Views.UNKNOWN))));
    assertEquals(Views.UNKNOWN, RunQueries.runState(List.of(domain(Views.FINISHED), domain(Views.UNKNOWN))));
    assertEquals(Views.NOT_STARTED, RunQueries.runState(List.of(domain(Views.NOT_STARTED))));
    assertEquals(Views.STOPPED, RunQueries.runState(List.of(domain(Views.FINISHED), domain(Views.NOT_STARTED))));
  }
}
