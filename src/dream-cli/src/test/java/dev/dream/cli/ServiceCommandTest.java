package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.config.ScheduleParser;
import dev.dream.core.schedule.Backoff;
import dev.dream.core.schedule.CampaignSchedule;
import dev.dream.core.schedule.DomainSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** dream service's options: what each domain's campaigns get, and what is refused before anything starts. */
class ServiceCommandTest {
  static final Path CONFIG = Cli.repoRoot().resolve("config");
  @TempDir Path tmp;

  @Test
  void optionsWinOverTheDomainsEntryWhichWinsOverTheFilesDefaults() throws Exception {
    DreamConfig config = ConfigLoader.load(CONFIG);
    Path file = tmp.resolve("schedule.yaml");
    Files.writeString(file, "version: 1\ndefaults: {every: 6h, population: 12, generations: 5}\n"
        + "domains:\n  cpu: {every: 2h, trials: 2}\n  memory: {regimes: [normal]}\n");
    CampaignSchedule schedule = ScheduleParser.load(file, config);
    ServiceCommand cmd = new ServiceCommand();
    new CommandLine(cmd).parseArgs("--generations", "3");
    List<DomainSchedule> plan = cmd.plan(config, schedule);
    assertEquals(List.of(new DomainSchedule("cpu", Duration.ofHours(2), 12, 3, 2, null, null),
        new DomainSchedule("memory", Duration.ofHours(6), 12, 3, null, List.of("normal"), null)), plan);

    ServiceCommand only = new ServiceCommand();
    new CommandLine(only).parseArgs("--domain", "memory", "--every", "45m");
    assertEquals(List.of(new DomainSchedule("memory", Duration.ofMinutes(45), 12, 5, null, List.of("normal"), null)), only.plan(config, schedule));
  }

  @Test
  void badOptionsAreUsageErrorsAndNothingIsWritten() {
    Path data = tmp.resolve("data");
    for (String[] bad : List.of(
        new String[] {"--domain", "cpu", "--every", "30"},
        new String[] {"--domain", "cpu", "--every", "0s"},
        new String[] {"--domain", "cpu", "--backoff", "1h,1m"},
        new String[] {"--domain", "cpu", "--population", "1"},
        new String[] {"--domain", "cpu,cpu"},
        new String[] {"--domain", "nope"},
        new String[] {"--domain", "cpu", "--regimes", "nope"},
        new String[] {})) {
      String[] args = new String[bad.length + 5];
      args[0] = "service";
      System.arraycopy(bad, 0, args, 1, bad.length);
      System.arraycopy(new String[] {"--config-dir", CONFIG.toString(), "--data", data.toString()}, 0, args, bad.length + 1, 4);
      Cli r = Cli.run(args);
      assertEquals(ExitCodes.USAGE, r.exitCode(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().startsWith("dream: "), r.err());
      assertFalse(Files.exists(data), String.join(" ", bad) + " wrote " + data);
    }
  }

  @Test
  void backoffReadsInitialAndMax() {
    assertEquals(new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10)), ServiceCommand.parseBackoff("30s,10m"));
    assertEquals(new Backoff(Duration.ofMinutes(5), Duration.ofHours(1)), ServiceCommand.parseBackoff("5m"));
    assertEquals(new Backoff(Duration.ofHours(2), Duration.ofHours(2)), ServiceCommand.parseBackoff("2h"), "an initial above the default max is its own max");
  }
}
