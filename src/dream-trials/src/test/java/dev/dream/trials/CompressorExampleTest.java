package dev.dream.trials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.DreamConfig;
import dev.dream.core.domain.Genome;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.domain.WorkloadSpec;
import dev.dream.trials.knob.Actuators;
import dev.dream.trials.probe.Probes;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.WorkloadRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application-domain example (examples/compressor) loads, and its benchmark runs xz with the candidate's
 * knobs: the compression ratio, which depends only on the (deterministic) input and the settings, is higher
 * at level 9 than at level 0. Skipped where perl or xz is missing.
 */
@Timeout(180)
class CompressorExampleTest {
  @TempDir Path data;

  static Path exampleDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("examples/compressor/regimes.yaml"))) return d.resolve("examples/compressor");
    }
    throw new IllegalStateException("no examples/compressor above " + Path.of("").toAbsolutePath());
  }

  @Test
  void theExampleLoadsAndItsBenchmarkMeasuresXzWithTheCandidatesKnobs() throws Exception {
    DreamConfig config = ConfigLoader.load(exampleDir());
    assumeTrue(Tools.system().find("perl").isPresent() && Tools.system().find("xz").isPresent(), "perl or xz not installed: skipped");
    RegimeSpec idle = config.regimes().get("compressor").get("idle");
    // The same regime with its seconds argument (the 7th after the script) shortened: at least its 5 runs.
    List<Object> argv = new ArrayList<>((List<?>) idle.workload().params().get("argv"));
    argv.set(9, "0.1");
    Map<String, Object> params = new LinkedHashMap<>(idle.workload().params());
    params.put("argv", argv);
    RegimeSpec quick = new RegimeSpec("idle", new WorkloadSpec("command", params), 0.1, 1);
    LocalTrialExecutor.Options o = new LocalTrialExecutor.Options("n", data.resolve("j"), data.resolve("s"),
        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5));
    SysRoot root = SysRoot.fromEnv();
    try (LocalTrialExecutor ex = new LocalTrialExecutor(o, WorkloadRegistry.standard(), Probes.standard(root), Actuators.standard(root))) {
      Map<Long, TrialResult> byLevel = new LinkedHashMap<>();
      for (long level : new long[] {0, 9}) {
        Genome g = Fixtures.genome("level", level, "extreme", false, "threads", 1L);
        TrialSpec t = Fixtures.trial(config.domains().get("compressor"), g, quick.workload(), 0, 0.1, 0,
            config.caps().forDomain("compressor"), false);
        t = new TrialSpec(t.trialId(), t.runId(), t.domain(), t.candId(), "idle", 0, g, t.domainSpec(), quick, t.execution(),
            t.caps(), t.global(), t.runSeed(), false);
        TrialResult r = ex.run(t);
        assertEquals(TrialResult.Outcome.OK, r.outcome(), r.error());
        assertTrue(r.kpis().get("throughput_mb_s") > 0 && r.kpis().get("p95_latency_ms") > 0, r.kpis().toString());
        byLevel.put(level, r);
      }
      double r0 = byLevel.get(0L).kpis().get("ratio");
      double r9 = byLevel.get(9L).kpis().get("ratio");
      assertTrue(r0 > 1 && r9 > r0, "ratio at level 0 " + r0 + ", at level 9 " + r9);
    }
  }
}
