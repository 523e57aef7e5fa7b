package dev.dream.core.schedule;

import java.time.Duration;
import java.util.List;

/**
 * When and how one domain's campaigns run: one campaign every {@code every}, each a run of
 * {@code generations} × {@code population} with {@code trials} per candidate and regime, on {@code regimes}
 * (empty: all of the domain's). A null field means "not said here": {@link #orElse} fills it from a fallback.
 */
public record DomainSchedule(
    String domain, Duration every, Integer population, Integer generations, Integer trials, List<String> regimes, String strategy) {

  /** What a domain gets when nothing says otherwise; population, generations and trials as {@code dream run}. */
  public static final Duration DEFAULT_EVERY = Duration.ofHours(1);

  public DomainSchedule {
    regimes = regimes == null ? null : List.copyOf(regimes);
  }

  public static DomainSchedule unset(String domain) {
    return new DomainSchedule(domain, null, null, null, null, null, null);
  }

  /** This schedule with every unset field taken from {@code fallback}. */
  public DomainSchedule orElse(DomainSchedule fallback) {
    return new DomainSchedule(domain,
        every != null ? every : fallback.every,
        population != null ? population : fallback.population,
        generations != null ? generations : fallback.generations,
        trials != null ? trials : fallback.trials,
        regimes != null ? regimes : fallback.regimes,
        strategy != null ? strategy : fallback.strategy);
  }

  /** The interval, {@link #DEFAULT_EVERY} when unset. */
  public Duration interval() {
    return every != null ? every : DEFAULT_EVERY;
  }
}
