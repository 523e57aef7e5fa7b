package dev.dream.cluster.report;

import dev.dream.cluster.run.DomainEvent;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.pack.BaselineRecord;
import dev.dream.core.pack.BaselinesFile;
import dev.dream.core.pack.BestFile;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.pack.EvolutionRecord;
import dev.dream.core.pack.Json;
import dev.dream.core.pack.Manifest;
import dev.dream.core.pack.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The run's files as a projection of the domain journals: fed every event in order (live, or replayed by
 * {@code dream report}), it writes the manifest, one pack per candidate, each generation's best,
 * evolution.jsonl, best.json and the baselines.v2 export. Every file is rewritten whole and atomically from
 * events alone, so a replay gives the same files (their timestamps come from the events too).
 */
public final class RunFiles {
  private final Path dataDir;
  private final Path runDir;
  private final Map<String, Map<Integer, EvolutionRecord>> evolution = new TreeMap<>();
  private final Map<String, BestFile.Entry> best = new TreeMap<>();
  private final Map<String, Map<String, CandidatePack>> packs = new TreeMap<>();
  private final Map<String, DomainProgress> progress = new TreeMap<>();
  private RunSpec run;

  /** What the progress display and {@code dream report} show for one domain. */
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

  public RunFiles(Path dataDir, String runId) {
    this.dataDir = dataDir;
    this.runDir = dataDir.resolve("runs").resolve(runId);
  }

  public Path runDir() {
    return runDir;
  }

  /**
   * Deletes the hidden temporary files of atomic writes that a killed process left in the run directory. For
   * the process that resumes the run, the directory's only writer, before the replay writes every file again.
   */
  public void removeInterruptedWrites() throws IOException {
    if (!Files.isDirectory(runDir)) return;
    try (Stream<Path> all = Files.walk(runDir)) {
      for (Path p : all.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) Files.deleteIfExists(p);
      }
    }
  }

  public synchronized Map<String, DomainProgress> progress() {
    return Map.copyOf(progress);
  }

  /** One event of {@code domain}'s journal, in journal order. */
  public synchronized void onEvent(String domain, DomainEvent event) {
    try {
      apply(domain, event, progress.computeIfAbsent(domain, d -> new DomainProgress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void apply(String domain, DomainEvent event, DomainProgress p) throws IOException {
    if (event instanceof DomainEvent.Started s) {
      run = s.run();
      List<Manifest.Node> ns = new ArrayList<>();
      for (String n : run.nodes()) ns.add(new Manifest.Node(n, run.nodeClass()));
      Json.writeAtomically(runDir.resolve("manifest.json"), new Manifest(run.runId(), run.startedAtUtc(), run.dreamVersion(),
          run.codeHash(), run.configHashes(), run.seed(), run.domains(), ns, run.settings()));
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
      Json.writeAtomically(runDir.resolve(a.pack().relativePath()), a.pack());
    } else if (event instanceof DomainEvent.GenerationCompleted g) {
      onGenerationCompleted(domain, g, p);
    } else if (event instanceof DomainEvent.Finished f) {
      p.finished = f.outcome();
    }
  }

  private void onGenerationCompleted(String domain, DomainEvent.GenerationCompleted g, DomainProgress p) throws IOException {
    String packPath = null;
    if (g.bestCandId() != null) {
      CandidatePack pack = packs.get(domain).get(g.bestCandId());
      Json.writeAtomically(runDir.resolve("candidates").resolve(domain).resolve("gen" + g.generation() + "_best.json"), pack);
      packPath = pack.relativePath();
      if (p.bestScore == null || g.bestScore() > p.bestScore) {
        p.bestScore = g.bestScore();
        p.bestCandId = g.bestCandId();
        p.bestCi = g.bestScoreCi95();
        best.put(domain, BestFile.Entry.of(pack));
      }
    }
    evolution.computeIfAbsent(domain, d -> new TreeMap<>()).put(g.generation(), new EvolutionRecord(run.runId(), domain,
        g.generation(), g.bestCandId(), g.bestScore(), g.bestScoreCi95(), g.safe(), g.evaluated(), g.evaluated() - g.safe(),
        packPath, Timestamps.utc(Instant.parse(g.atUtc()))));
    StringBuilder lines = new StringBuilder();
    for (Map<Integer, EvolutionRecord> records : evolution.values()) {
      for (EvolutionRecord r : records.values()) lines.append(Json.compact(r)).append('\n');
    }
    Json.writeAtomically(runDir.resolve("evolution.jsonl"), lines.toString().getBytes(StandardCharsets.UTF_8));
    Json.writeAtomically(runDir.resolve("best.json"), new BestFile(best));
  }

  /** Merges this run's baselines into data/baselines.json, keeping other domains' and regimes' entries. */
  private void exportBaselines(Map<String, BaselineRecord> records) throws IOException {
    Path file = dataDir.resolve("baselines.json");
    BaselinesFile all = Files.exists(file) ? BaselinesFile.read(file) : BaselinesFile.empty();
    for (BaselineRecord r : records.values()) all = all.with(r);
    all.write(file);
  }
}
