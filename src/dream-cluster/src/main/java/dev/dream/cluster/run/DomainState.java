package dev.dream.cluster.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dream.cluster.CborSerializable;
import dev.dream.core.domain.Genome;
import dev.dream.core.evolution.Scored;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.score.Baseline;
import dev.dream.trials.TrialResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a DomainCoordinator knows, rebuilt from its events (or a snapshot). Mutable, but changed only by
 * {@link #apply}; kept as plain fields so that it snapshots through Jackson.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DomainState implements CborSerializable {
  public static final String BASELINE = "baseline";

  RunSpec run;
  String domain;
  Map<String, Baseline> baselines;
  Map<String, TrialResult> baselineTrials = new LinkedHashMap<>();
  int generation = -1;
  boolean generationCompleted;
  List<Candidate> candidates = new ArrayList<>();
  List<List<Scored>> history = new ArrayList<>();
  Map<String, String> assessedByGenome = new LinkedHashMap<>();
  Map<String, CandidatePack> packs = new LinkedHashMap<>();
  String bestCandId;
  Double bestScore;
  long trialsRecorded;
  String finished;

  @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
  public static final class Candidate {
    String candId;
    Genome genome;
    Map<String, TrialResult> results = new LinkedHashMap<>();
    boolean assessed;
    Double score;

    Candidate() {}

    Candidate(String candId, Genome genome) {
      this.candId = candId;
      this.genome = genome;
    }
  }

  @JsonIgnore
  boolean started() {
    return run != null;
  }

  @JsonIgnore
  RunSpec.DomainPlan plan() {
    return run.plan(domain);
  }

  Candidate candidate(String candId) {
    for (Candidate c : candidates) if (c.candId.equals(candId)) return c;
    return null;
  }

  @JsonIgnore
  boolean allAssessed() {
    return !candidates.isEmpty() && candidates.stream().allMatch(c -> c.assessed);
  }

  static String candId(int generation, int index) {
    return "gen" + generation + "_c" + index;
  }

  /** The candidate part of a trial id {@code {run}/{domain}/{cand}/{regime}/{k}}. */
  static String candOf(String trialId) {
    String[] parts = trialId.split("/");
    return parts[parts.length - 3];
  }

  boolean recorded(String trialId) {
    String cand = candOf(trialId);
    if (cand.equals(BASELINE)) return baselineTrials.containsKey(trialId);
    Candidate c = candidate(cand);
    return c != null && c.results.containsKey(trialId);
  }

  DomainState apply(DomainEvent event) {
    if (event instanceof DomainEvent.Started s) {
      run = s.run();
      domain = s.domain();
    } else if (event instanceof DomainEvent.BaselinesFixed b) {
      baselines = new LinkedHashMap<>(b.baselines());
    } else if (event instanceof DomainEvent.GenerationProposed g) {
      if (generation >= 0) history.add(scoredOfCurrent());
      generation = g.generation();
      generationCompleted = false;
      candidates = new ArrayList<>();
      for (int i = 0; i < g.genomes().size(); i++) candidates.add(new Candidate(candId(generation, i), g.genomes().get(i)));
    } else if (event instanceof DomainEvent.TrialsRecorded t) {
      for (TrialResult r : t.results()) {
        if (recorded(r.trialId())) continue;
        String cand = candOf(r.trialId());
        if (cand.equals(BASELINE)) {
          baselineTrials.put(r.trialId(), r);
        } else {
          Candidate c = candidate(cand);
          if (c == null) continue; // a late result of an earlier generation: counted there already
          c.results.put(r.trialId(), r);
        }
        trialsRecorded++;
      }
    } else if (event instanceof DomainEvent.CandidateAssessed a) {
      Candidate c = candidate(a.candId());
      c.assessed = true;
      c.score = a.score();
      packs.put(a.candId(), a.pack());
      assessedByGenome.putIfAbsent(c.genome.key(), a.candId());
      if (a.score() != null && (bestScore == null || a.score() > bestScore)) {
        bestScore = a.score();
        bestCandId = a.candId();
      }
    } else if (event instanceof DomainEvent.GenerationCompleted) {
      generationCompleted = true;
    } else if (event instanceof DomainEvent.Finished f) {
      finished = f.outcome();
    }
    return this;
  }

  List<Scored> scoredOfCurrent() {
    List<Scored> scored = new ArrayList<>();
    for (Candidate c : candidates) scored.add(new Scored(c.genome, c.score));
    return scored;
  }

  /** The scored history the strategy sees when proposing generation {@code generation + 1}. */
  List<List<Scored>> historyIncludingCurrent() {
    List<List<Scored>> h = new ArrayList<>(history);
    if (generation >= 0) h.add(scoredOfCurrent());
    return h;
  }
}
