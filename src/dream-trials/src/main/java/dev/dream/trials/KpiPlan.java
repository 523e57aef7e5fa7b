package dev.dream.trials;

import dev.dream.core.domain.Caps;
import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Kpi;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each KPI of a trial comes from. The trial reports the domain's KPIs and the capped ones; for each,
 * in this order: the workload's KPI of that name, the workload's KPI with the same score role (so a sim
 * domain may call its perf KPI anything), then a probe. A domain that declares no KPIs gets whatever the
 * workload measures. Only the probes that some KPI needs are opened. A KPI planned for a probe that the
 * probe cannot read is still taken from the workload when the workload reports it by that name.
 */
final class KpiPlan {
  private final Map<String, String> fromWorkload = new LinkedHashMap<>();
  private final Set<String> fromProbes = new LinkedHashSet<>();
  private final Map<String, String> notMeasured = new LinkedHashMap<>();
  private final List<Probe> probes = new ArrayList<>();
  private final String workloadKind;
  private boolean reportAll;

  private KpiPlan(String workloadKind) {
    this.workloadKind = workloadKind;
  }

  static KpiPlan of(DomainSpec domain, Map<String, Caps.Cap> caps, String kind, Workload w, List<Probe> available) {
    KpiPlan plan = new KpiPlan(kind);
    Set<String> wanted = new LinkedHashSet<>(domain.kpis().keySet());
    if (wanted.isEmpty()) {
      wanted.addAll(w.kpis());
      plan.reportAll = true;
    }
    wanted.addAll(caps.keySet());
    for (String k : wanted) {
      Kpi kpi = domain.kpis().get(k);
      String byRole = kpi == null || kpi.role() == null ? null : w.roles().get(kpi.role());
      if (w.kpis().contains(k)) plan.fromWorkload.put(k, k);
      else if (w.notMeasured().containsKey(k)) plan.notMeasured.put(k, w.notMeasured().get(k));
      else if (byRole != null) plan.fromWorkload.put(k, byRole);
      else plan.fromProbes.add(k);
    }
    for (Probe p : available) {
      if (p.kpis().stream().anyMatch(plan.fromProbes::contains)) plan.probes.add(p);
    }
    return plan;
  }

  List<Probe> probes() {
    return probes;
  }

  /** Workload values under the domain's names (for caps checked while the trial runs). */
  Map<String, Double> rename(Map<String, Double> workloadValues) {
    Map<String, Double> out = new LinkedHashMap<>(workloadValues);
    out.keySet().retainAll(fromProbes); // reported under a name that no declared source covers
    fromWorkload.forEach((name, source) -> {
      Double v = workloadValues.get(source);
      if (v != null) out.put(name, v);
    });
    return out;
  }

  /** Probe values of the KPIs this trial reports. */
  Map<String, Double> probeValues(Readings r) {
    Map<String, Double> out = new LinkedHashMap<>(r.values());
    out.keySet().retainAll(fromProbes);
    return out;
  }

  /** The trial's KPIs: every planned KPI is either measured or unavailable with a reason. */
  Readings merge(WorkloadResult workload, Readings probed) {
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    fromWorkload.forEach((name, source) -> {
      Double v = workload.kpis().get(source);
      if (v != null) values.put(name, v);
      else unavailable.put(name, workload.unavailable().getOrDefault(
          source, "workload " + workloadKind + " did not report " + source));
    });
    notMeasured.forEach(unavailable::put);
    for (String name : fromProbes) {
      Double v = probed.values().get(name);
      // A workload that cannot declare its KPIs in advance (a command's JSON) may still report this one.
      if (v == null) v = workload.kpis().get(name);
      if (v != null) values.put(name, v);
      else unavailable.put(name, workload.unavailable().containsKey(name) ? workload.unavailable().get(name) : probed.unavailable().getOrDefault(
          name, "no probe on this node measures " + name + " and workload " + workloadKind + " does not report it"));
    }
    if (reportAll) {
      workload.kpis().forEach(values::putIfAbsent);
      workload.unavailable().forEach((k, why) -> {
        if (!values.containsKey(k)) unavailable.putIfAbsent(k, why);
      });
    }
    return new Readings(values, unavailable);
  }
}
