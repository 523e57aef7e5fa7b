package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.CampaignSchedule;
import dev.dream.core.schedule.DomainSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dream service schedule files: what a valid one means, and each mistake at its file:line:column. */
class ScheduleErrorsTest {
  @TempDir Path tmp;
  DreamConfig config;

  @BeforeEach
  void setUp() throws Exception {
    config = ConfigLoader.load(ConfigFixture.valid(tmp).dir);
  }

  private CampaignSchedule load(String text) throws Exception {
    Path file = tmp.resolve("schedule.yaml");
    Files.writeString(file, text);
    return ScheduleParser.load(file, config);
  }

  private ConfigProblem onlyProblem(String text) throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> load(text));
    assertEquals(1, e.problems().size(), e.getMessage());
    ConfigProblem p = e.problems().get(0);
    assertTrue(p.file().endsWith("schedule.yaml"), p.toString());
    return p;
  }

  private static void at(ConfigProblem p, int line, int column, String message) {
    assertEquals(line + ":" + column, p.line() + ":" + p.column(), p.toString());
    assertTrue(p.message().contains(message), p.toString());
  }

  @Test
  void aValidScheduleInheritsItsDefaults() throws Exception {
    CampaignSchedule s = load("""
        version: 1
        defaults: {every: 1h, population: 6, generations: 3}
        backoff: {initial: 30s, max: 10m}
        domains:
          toy: {every: 15m, trials: 2, regimes: [normal], strategy: cmaes}
        """);
    assertEquals(new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10)), s.backoff());
    assertEquals(new DomainSchedule("toy", Duration.ofMinutes(15), 6, 3, 2, List.of("normal"), "cmaes"), s.forDomain("toy"));
  }

  @Test
  void aDisabledDomainIsNotScheduledAndAnEmptyEntryTakesTheDefaults() throws Exception {
    assertEquals(List.of(DomainSchedule.unset("toy")), load("version: 1\ndomains:\n  toy:\n").domains());
    assertEquals(Duration.ofHours(1), load("version: 1\ndomains:\n  toy: {}\n").forDomain("toy").interval());
    at(onlyProblem("version: 1\ndomains:\n  toy: {enabled: false}\n"), 2, 1, "every domain of the schedule is disabled");
  }

  @Test
  void anUnknownDomainIsNamedWithTheKnownOnes() throws Exception {
    ConfigProblem p = onlyProblem("version: 1\ndomains:\n  tyo: {every: 5m}\n");
    at(p, 3, 3, "unknown domain 'tyo'");
    assertTrue(p.fix().contains("did you mean 'toy'"), p.fix());
  }

  @Test
  void anUnknownRegime() throws Exception {
    at(onlyProblem("version: 1\ndomains:\n  toy: {regimes: [normal, stress]}\n"), 3, 27, "domain 'toy' has no regime 'stress'");
  }

  @Test
  void anIntervalWithoutAUnit() throws Exception {
    ConfigProblem p = onlyProblem("version: 1\ndomains:\n  toy: {every: 30}\n");
    at(p, 3, 16, "'every' of domain 'toy' of the schedule must be a duration with its unit");
    assertTrue(p.fix().contains("every: 30m"), p.fix());
  }

  @Test
  void aTooSmallPopulationAndAnUnknownKey() throws Exception {
    at(onlyProblem("version: 1\ndefaults: {population: 1}\ndomains: {toy: {}}\n"), 2, 24, "population 1");
    at(onlyProblem("version: 1\ndomains:\n  toy: {evrey: 5m}\n"), 3, 9, "unknown key 'evrey'");
  }

  @Test
  void aBackoffWhoseMaxIsBelowItsInitialAndAWrongVersion() throws Exception {
    at(onlyProblem("version: 1\nbackoff: {initial: 10m, max: 1m}\ndomains: {toy: {}}\n"), 2, 30, "backoff max 1m is shorter than initial 10m");
    at(onlyProblem("version: 2\ndomains: {toy: {}}\n"), 1, 10, "schedule version 2 is not supported");
  }
}
