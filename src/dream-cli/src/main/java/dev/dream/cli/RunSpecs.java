package dev.dream.cli;

import dev.dream.cluster.run.RunSpec;
import dev.dream.core.BuildInfo;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.evolution.EvolutionParams;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a new run's spec from the validated config and the command-line choices. */
final class RunSpecs {
  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC);
  private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  private RunSpecs() {}

  record Choices(
      List<String> domains, Integer population, Integer generations, Integer trials, List<String> regimes,
      long seed, String strategy, boolean allowSystemChanges) {}

  /** {@code YYYY-MM-DDTHH-MM-SS_r} + 6 lowercase base-36 characters: unique and sortable. */
  static String newRunId(Instant now, SecureRandom random) {
    StringBuilder sb = new StringBuilder(RUN_TIME.format(now)).append("_r");
    for (int i = 0; i < 6; i++) sb.append(BASE36.charAt(random.nextInt(36)));
    return sb.toString();
  }

  static RunSpec create(DreamConfig config, Choices c, String runId, Instant now, String nodeClass) {
    Map<String, RunSpec.DomainPlan> plans = new LinkedHashMap<>();
    for (String domain : c.domains()) {
      List<RegimeSpec> regimes = new ArrayList<>();
      for (RegimeSpec r : config.regimes().getOrDefault(domain, Map.of()).values()) {
        if (c.regimes().isEmpty() || c.regimes().contains(r.name())) regimes.add(r);
      }
      ExecutionSpec e = config.execution();
      ExecutionSpec execution = new ExecutionSpec(c.trials() != null ? c.trials() : e.trials(), e.warmupS(), e.trialDelayS(), e.retries(), e.timeoutMultiplier());
      EvolutionParams d = EvolutionParams.DEFAULT;
      // withPopulation keeps the elites below the population, so that --population 2 is a valid run
      EvolutionParams evolution = d.withPopulation(c.population() != null ? c.population() : d.population())
          .withStrategy(c.strategy() != null ? c.strategy() : d.strategy());
      plans.put(domain, new RunSpec.DomainPlan(config.domains().get(domain), regimes, execution,
          config.caps().forDomain(domain), config.caps().global(), config.caps().tolerance(), evolution));
    }
    int generations = c.generations() != null ? c.generations() : 10;
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("population", plans.values().iterator().next().evolution().population());
    settings.put("generations", generations);
    settings.put("trials", plans.values().iterator().next().execution().trials());
    settings.put("regimes", c.regimes());
    settings.put("strategy", plans.values().iterator().next().evolution().strategy());
    settings.put("allow_system_changes", c.allowSystemChanges());
    settings.put("config_dir", config.dir().toAbsolutePath().toString());
    return new RunSpec(runId, c.seed(), c.domains(), generations, c.allowSystemChanges(), nodeClass, dev.dream.core.pack.Timestamps.utc(now),
        BuildInfo.version(), BuildInfo.codeHash(), config.fileHashes(), settings, plans, List.of());
  }
}
