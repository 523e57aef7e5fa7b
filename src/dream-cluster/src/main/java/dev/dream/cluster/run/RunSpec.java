package dev.dream.cluster.run;

import dev.dream.cluster.CborSerializable;
import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.ExecutionSpec;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.evolution.EvolutionParams;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a run, recorded in the journal when it starts, so that {@code --resume} needs no
 * option and no config file: the parsed domain plans travel with it.
 */
public record RunSpec(
    String runId,
    long seed,
    List<String> domains,
    int generations,
    boolean allowSystemChanges,
    String nodeClass,
    String startedAtUtc,
    String dreamVersion,
    String codeHash,
    Map<String, String> configHashes,
    Map<String, Object> settings,
    Map<String, DomainPlan> plans,
    List<String> nodes)
    implements CborSerializable {

  /** The same run with the cluster members it started on (known once this process is a node). */
  public RunSpec withNodes(List<String> members) {
    return new RunSpec(runId, seed, domains, generations, allowSystemChanges, nodeClass, startedAtUtc, dreamVersion, codeHash,
        configHashes, settings, plans, List.copyOf(members));
  }

  /** One domain of the run: what is tuned, under which regimes, with which rules. */
  public record DomainPlan(
      DomainSpec domain,
      List<RegimeSpec> regimes,
      ExecutionSpec execution,
      Map<String, Caps.Cap> caps,
      Caps.Global global,
      Caps.Tolerance tolerance,
      EvolutionParams evolution)
      implements CborSerializable {}

  public DomainPlan plan(String domain) {
    return plans.get(domain);
  }

  public int totalTrials(String domain) {
    DomainPlan p = plans.get(domain);
    return generations * p.evolution().population() * p.regimes().size() * p.execution().trials();
  }
}
