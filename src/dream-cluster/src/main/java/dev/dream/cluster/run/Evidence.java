package dev.dream.cluster.run;

import dev.dream.core.domain.CapBreach;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.core.score.Baseline;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.trials.TrialResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a candidate's recorded trial outcomes into per-regime evidence for the scorer. Values are ordered
 * by trial index, never by arrival, so a resumed run sees exactly what an uninterrupted one saw. Failed
 * trials are counted, never filled in.
 */
final class Evidence {
  private Evidence() {}

  static List<RegimeEvidence> of(
      RunSpec.DomainPlan plan, Collection<TrialResult> results, Map<String, Baseline> baselines) {
    List<RegimeEvidence> evidence = new ArrayList<>();
    for (RegimeSpec regime : plan.regimes()) {
      List<TrialResult> mine = new ArrayList<>();
      for (TrialResult r : results) if (regimeOf(r.trialId()).equals(regime.name())) mine.add(r);
      mine.sort(Comparator.comparingInt(r -> indexOf(r.trialId())));
      Map<String, List<Double>> kpis = new TreeMap<>();
      Map<String, String> unavailable = new TreeMap<>();
      List<CapBreach> breaches = new ArrayList<>();
      int failed = 0;
      int ok = 0;
      for (TrialResult r : mine) {
        unavailable.putAll(r.unavailable());
        breaches.addAll(r.capBreaches());
        switch (r.outcome()) {
          case OK -> {
            ok++;
            r.kpis().forEach((k, v) -> kpis.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
          }
          case FAILED, TIMEOUT -> failed++;
          case CAP_BREACH -> {}
        }
      }
      for (String k : kpis.keySet()) unavailable.remove(k);
      // Too few successful trials cannot vouch for a candidate: it stays out of selection.
      boolean safe = breaches.isEmpty() && ok >= Math.min(plan.global().minSuccessfulTrials(), plan.execution().trials());
      evidence.add(
          new RegimeEvidence(
              regime.name(), regime.weight(), ok, failed, new LinkedHashMap<>(kpis),
              baselines == null ? null : baselines.get(regime.name()), safe, breaches, unavailable));
    }
    return evidence;
  }

  static String regimeOf(String trialId) {
    String[] p = trialId.split("/");
    return p[p.length - 2];
  }

  static int indexOf(String trialId) {
    String[] p = trialId.split("/");
    return Integer.parseInt(p[p.length - 1]);
  }
}
