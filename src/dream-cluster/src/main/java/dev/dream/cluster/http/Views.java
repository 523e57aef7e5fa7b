package dev.dream.cluster.http;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The JSON bodies of the {@code /dream} routes, snake_case like every other Dream output. {@code dream ctl}
 * reads them back with these same records.
 */
public final class Views {
  private Views() {}

  /** A domain's or a run's state, as far as the journal and the live coordinators tell. */
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  /** Not finished and no coordinator runs it: interrupted; {@code dream run --resume RUN_ID} continues it. */
  public static final String STOPPED = "stopped";
  public static final String NOT_STARTED = "not started";
  /** Not finished, and some coordinator node did not answer, so whether it runs is not known. */
  public static final String UNKNOWN = "unknown";

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunSummary(
      String runId, String state, String startedAtUtc, List<String> domains, int generations, long seed,
      String nodeClass, List<String> nodes) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Runs(List<RunSummary> runs) {}

  /**
   * One domain of a run. {@code generation}: the generation in progress or last completed, -1 while the
   * baselines are measured; {@code coordinator}: the node whose coordinator runs it, when running;
   * {@code outcome}: "completed", or why it stopped early, once finished.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DomainProgress(
      String domain, String state, String coordinator, int generation, int generations, int population,
      List<String> regimes, int trialsPerCandidate, long trialsRecorded, String bestCandId,
      Double bestScore, String outcome) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunDetail(RunSummary run, String dreamVersion, String codeHash, List<DomainProgress> domains) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrialInFlight(String trialId, String node, long ageMs, int attempt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Trials(int runners, int queued, List<TrialInFlight> inFlight, long dispatched, long redispatched) {}

  public record Error(String error) {}
}
