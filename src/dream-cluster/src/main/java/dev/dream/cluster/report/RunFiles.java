package dev.dream.cluster.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.cluster.run.DomainEvent;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.pack.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's files as a projection of the domain journals: fed every event in order (live, or replayed by
 * {@code dream report}), it writes the manifest, one pack per candidate, each generation's best,
 * evolution.jsonl, best.json and the baselines.v2 export. Every file is rewritten whole and atomically from
 * events alone, so a replay gives the same files (timestamps come from the events too).
 */
public final class RunFiles {
  private final Path dataDir;
  private final Path runDir;
  private final List<String> nodes;
  private final Map<String, List<ObjectNode>> evolution = new TreeMap<>();
  private final Map<String, ObjectNode> best = new TreeMap<>();
  private final Map<String, Map<String, CandidatePack>> packs = new TreeMap<>();
  private final Map<String, DomainProgress> progress = new TreeMap<>();
  private RunSpec run;

  /** What the progress display shows for one domain. */
  public static final class DomainProgress {
    public int generation = -1;
    public long trials;
    public long baselineTrials;
    public String bestCandId;
    public Double bestScore;
    public List<Double> bestCi;
    public String finished;
    public boolean baselinesFixed;
    /** How often each trial id appears in the journal: exactly once each, or the journal is wrong. */
    public final Map<String, Integer> trialIdCounts = new TreeMap<>();
  }

  public RunFiles(Path dataDir, String runId, List<String> nodes) {
    this.dataDir = dataDir;
    this.runDir = dataDir.resolve("runs").resolve(runId);
    this.nodes = nodes;
  }

  public Path runDir() {
    return runDir;
  }

  public synchronized Map<String, DomainProgress> progress() {
    return Map.copyOf(progress);
  }

  /** Events carry their domain implicitly (one stream per domain); this entry point names it. */
  public synchronized void onEvent(String domain, DomainEvent event) {
    try {
      DomainProgress p = progress.computeIfAbsent(domain, d -> new DomainProgress());
      if (event instanceof DomainEvent.Started s) {
        run = s.run();
        Json.writeAtomically(runDir.resolve("manifest.json"), Manifests.of(run, nodes));
      } else if (event instanceof DomainEvent.BaselinesFixed b) {
        p.baselinesFixed = true;
        exportBaselines(b.records());
      } else if (event instanceof DomainEvent.TrialsRecorded t) {
        for (var r : t.results()) {
          p.trialIdCounts.merge(r.trialId(), 1, Integer::sum);
          if (r.trialId().contains("/baseline/")) p.baselineTrials++;
          else p.trials++;
        }
      } else if (event instanceof DomainEvent.GenerationProposed g) {
        p.generation = g.generation();
      } else if (event instanceof DomainEvent.CandidateAssessed a) {
        packs.computeIfAbsent(domain, d -> new TreeMap<>()).put(a.candId(), a.pack());
        Json.writeAtomically(candidates(domain).resolve(a.candId() + ".json"), a.pack());
      } else if (event instanceof DomainEvent.GenerationCompleted g) {
        onGenerationCompleted(domain, g, p);
      } else if (event instanceof DomainEvent.Finished f) {
        p.finished = f.outcome();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void onGenerationCompleted(String domain, DomainEvent.GenerationCompleted g, DomainProgress p) throws IOException {
    String packPath = null;
    if (g.bestCandId() != null) {
      CandidatePack pack = packs.get(domain).get(g.bestCandId());
      Path bestFile = candidates(domain).resolve("gen" + g.generation() + "_best.json");
      Json.writeAtomically(bestFile, pack);
      packPath = runDir.relativize(candidates(domain).resolve(g.bestCandId() + ".json")).toString();
      if (p.bestScore == null || g.bestScore() > p.bestScore) {
        p.bestScore = g.bestScore();
        p.bestCandId = g.bestCandId();
        p.bestCi = g.bestScoreCi95();
        best.put(domain, bestEntry(pack));
      }
    }
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("run_id", run.runId());
    line.put("domain", domain);
    line.put("generation", g.generation());
    line.put("best_cand_id", g.bestCandId());
    if (g.bestScore() == null) line.putNull("best_score_v2"); else line.put("best_score_v2", g.bestScore());
    line.set("best_score_ci95", Json.mapper().valueToTree(g.bestScoreCi95()));
    line.put("evaluated", g.evaluated());
    line.put("safe", g.safe());
    line.put("unsafe", g.evaluated() - g.safe());
    line.put("pack_path", packPath);
    line.put("timestamp", g.atUtc());
    List<ObjectNode> lines = evolution.computeIfAbsent(domain, d -> new ArrayList<>());
    lines.removeIf(l -> l.get("generation").asInt() == g.generation());
    lines.add(line);
    writeEvolution();
    writeBest();
  }

  private ObjectNode bestEntry(CandidatePack pack) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("cand_id", pack.candId());
    e.put("generation", pack.generation());
    e.set("genome", Json.mapper().valueToTree(pack.genome()));
    e.set("score_v2", Json.mapper().valueToTree(pack.aggregate().scoreV2()));
    e.set("score_ci95", Json.mapper().valueToTree(pack.aggregate().scoreCi95()));
    e.put("improves_over_baseline", pack.aggregate().improvesOverBaseline());
    return e;
  }

  private void writeEvolution() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (List<ObjectNode> lines : evolution.values()) {
      for (ObjectNode l : lines) sb.append(Json.mapper().writeValueAsString(l)).append('\n');
    }
    Json.writeStringAtomically(runDir.resolve("evolution.jsonl"), sb.toString());
  }

  private void writeBest() throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("schema", "best.v1");
    root.put("run_id", run.runId());
    ObjectNode domains = root.putObject("domains");
    best.forEach(domains::set);
    Json.writeAtomically(runDir.resolve("best.json"), root);
  }

  /** Merges this run's baselines into data/baselines.json, keeping other domains' and regimes' entries. */
  private void exportBaselines(Map<String, BaselineRecord> records) throws IOException {
    Path file = dataDir.resolve("baselines.json");
    ObjectNode root = Files.exists(file) ? (ObjectNode) Json.mapper().readTree(file.toFile()) : Json.mapper().createObjectNode();
    root.put("schema", "baselines.v2");
    for (BaselineRecord r : records.values()) {
      JsonNode d = root.get(r.domain());
      ObjectNode domainNode = d instanceof ObjectNode o ? o : root.putObject(r.domain());
      domainNode.set(r.regime(), Json.mapper().valueToTree(r));
    }
    Json.writeAtomically(file, root);
  }

  private Path candidates(String domain) {
    return runDir.resolve("candidates").resolve(domain);
  }
}
