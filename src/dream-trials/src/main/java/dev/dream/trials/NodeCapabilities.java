package dev.dream.trials;

import dev.dream.core.domain.DomainSpec;
import dev.dream.core.domain.Knob;
import dev.dream.core.domain.RegimeSpec;
import dev.dream.trials.gpu.NvidiaSmi;
import dev.dream.trials.knob.Actuators;
import dev.dream.trials.knob.CgroupActuator;
import dev.dream.trials.knob.KnobActuator;
import dev.dream.trials.knob.SysfsActuator;
import dev.dream.trials.probe.Probe;
import dev.dream.trials.probe.ProbeSession;
import dev.dream.trials.probe.Probes;
import dev.dream.trials.probe.Readings;
import dev.dream.trials.probe.SysRoot;
import dev.dream.trials.process.Tools;
import dev.dream.trials.workload.Workload;
import dev.dream.trials.workload.WorkloadRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this node can do, found out before a campaign: which knob actuators and which KPIs work here, each
 * with the reason when not (no cpufreq driver, RAPL readable by root only, no NVIDIA driver, stress-ng not
 * installed, cgroup v1...). {@link #check} says it for one domain and its regimes, so that a domain on a node
 * that lacks a knob or a KPI says so up front instead of after hours of trials; {@code toString()} of both is
 * a table for people.
 *
 * <p>Nothing here changes the machine: files are read and tested for writability, tools are looked up on
 * the search path, and each probe takes one sample.
 */
public final class NodeCapabilities {
  /** Whether something works here; {@code detail} says what was found, or why not. */
  public record Support(boolean ok, String detail) {
    static Support yes(String detail) {
      return new Support(true, detail);
    }

    static Support no(String reason) {
      return new Support(false, reason);
    }

    @Override
    public String toString() {
      return (ok ? "yes" : "no ") + "  " + detail;
    }
  }

  /** The support of a domain's knobs, and of each KPI under each regime, on this node. */
  public record DomainReport(String domain, Map<String, Support> knobs, Map<String, Map<String, Support>> kpis) {
    /** Knobs this node cannot apply, with the reason. */
    public Map<String, String> unsupportedKnobs() {
      Map<String, String> out = new LinkedHashMap<>();
      knobs.forEach((k, s) -> {
        if (!s.ok()) out.put(k, s.detail());
      });
      return out;
    }

    /** "kpi" (no regime measures it) or "kpi@regime" → reason, for what this node cannot measure. */
    public Map<String, String> unavailableKpis() {
      Map<String, String> out = new LinkedHashMap<>();
      kpis.forEach((kpi, byRegime) -> {
        if (byRegime.values().stream().noneMatch(Support::ok)) {
          out.put(kpi, byRegime.values().iterator().next().detail());
        } else {
          byRegime.forEach((regime, s) -> {
            if (!s.ok()) out.put(kpi + "@" + regime, s.detail());
          });
        }
      });
      return out;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("domain " + domain + " on this node\n");
      int w = 4;
      for (String k : knobs.keySet()) w = Math.max(w, k.length());
      for (String k : kpis.keySet()) w = Math.max(w, k.length());
      for (Map.Entry<String, Support> e : knobs.entrySet()) {
        sb.append(String.format("  knob %-" + w + "s  %s%n", e.getKey(), e.getValue()));
      }
      for (Map.Entry<String, Map<String, Support>> e : kpis.entrySet()) {
        Map<String, Support> r = e.getValue();
        boolean same = r.values().stream().map(Support::toString).distinct().count() == 1;
        if (same && !r.isEmpty()) {
          sb.append(String.format("  kpi  %-" + w + "s  %s (%s)%n", e.getKey(), r.values().iterator().next(),
              r.size() == 1 ? "regime " + r.keySet().iterator().next() : "all regimes"));
        } else {
          for (Map.Entry<String, Support> x : r.entrySet()) {
            sb.append(String.format("  kpi  %-" + w + "s  %s (regime %s)%n", e.getKey(), x.getValue(), x.getKey()));
          }
        }
      }
      return sb.toString();
    }
  }

  private static final Set<String> FILE_KINDS = Set.of("sysfs", "procfs");
  private final SysRoot root;
  private final Tools tools;
  private final List<Probe> probes;
  private final WorkloadRegistry workloads;
  private final Map<String, KnobActuator> actuators;
  private final Map<String, Support> features = new LinkedHashMap<>();

  private NodeCapabilities(SysRoot root, Tools tools, List<Probe> probes, WorkloadRegistry workloads, Map<String, KnobActuator> actuators) {
    this.root = root;
    this.tools = tools;
    this.probes = List.copyOf(probes);
    this.workloads = workloads;
    this.actuators = Map.copyOf(actuators);
  }

  /** The node under {@code root} with the standard probes, workloads and actuators, tools on PATH. */
  public static NodeCapabilities detect(SysRoot root) {
    return detect(root, Tools.system());
  }

  public static NodeCapabilities detect(SysRoot root, Tools tools) {
    return detect(root, tools, Probes.standard(root, tools), WorkloadRegistry.standard(tools), Actuators.standard(root, tools));
  }

  public static NodeCapabilities detect(SysRoot root, Tools tools, List<Probe> probes, WorkloadRegistry workloads,
      Map<String, KnobActuator> actuators) {
    NodeCapabilities c = new NodeCapabilities(root, tools, probes, workloads, actuators);
    c.survey();
    return c;
  }

  /** The facts found about this node, by name (cpufreq, rapl, gpu, stress-ng, cgroup v2, ...). */
  public Map<String, Support> features() {
    return java.util.Collections.unmodifiableMap(features);
  }

  private void survey() {
    Path cpufreq = root.resolve("/sys/devices/system/cpu/cpu0/cpufreq");
    features.put("cpufreq governors", listed(cpufreq.resolve("scaling_available_governors"), "no cpufreq driver (a virtual machine, or cpufreq off)"));
    features.put("energy/performance preference", listed(cpufreq.resolve("energy_performance_available_preferences"),
        "no EPP (needs intel_pstate or amd-pstate in active mode)"));
    features.put("cpu boost", exists(root.resolve("/sys/devices/system/cpu/cpufreq/boost"), "no cpufreq boost switch"));
    features.put("intel_pstate turbo", exists(root.resolve("/sys/devices/system/cpu/intel_pstate/no_turbo"), "no intel_pstate"));
    features.put("smt control", exists(root.resolve("/sys/devices/system/cpu/smt/control"), "no SMT control"));
    for (Probe p : probes) {
      for (String kpi : p.kpis()) features.put("probe " + kpi, probe(p, kpi));
    }
    for (String t : List.of("stress-ng", "fio", "iperf3", "taskset", "nice", "chrt", NvidiaSmi.TOOL)) {
      features.put("tool " + t, tools.find(t).map(x -> Support.yes(x.toString())).orElse(Support.no(tools.missing(t))));
    }
    features.put("cgroup v2", cgroupV2());
  }

  private static Support listed(Path f, String otherwise) {
    try {
      return Files.exists(f) ? Support.yes(SysRoot.read(f)) : Support.no(otherwise + ": " + f + " does not exist");
    } catch (IOException e) {
      return Support.no("cannot read " + f + ": " + e.getMessage());
    }
  }

  private static Support exists(Path f, String otherwise) {
    return Files.exists(f) ? Support.yes(f.toString()) : Support.no(otherwise + ": " + f + " does not exist");
  }

  /** One sample of the probe: a value, or the probe's own reason for not having one. */
  private static Support probe(Probe p, String kpi) {
    ProbeSession s;
    Readings r;
    try {
      s = p.open();
      r = s.sample();
    } catch (RuntimeException e) {
      return Support.no("probe " + p.getClass().getSimpleName() + " failed: " + e);
    }
    if (r.unavailable().containsKey(kpi)) return Support.no(r.unavailable().get(kpi));
    return Support.yes("measured by " + p.getClass().getSimpleName());
  }

  private Support cgroupV2() {
    KnobActuator a = actuators.get("cgroup");
    String parent = a instanceof CgroupActuator c ? c.parent() : CgroupActuator.DEFAULT_PARENT;
    Path top = root.resolve("/sys/fs/cgroup");
    try {
      if (root.isSystem()) {
        String type = Files.getFileStore(top).type();
        if (!type.equals("cgroup2")) return Support.no("/sys/fs/cgroup is " + type + ", not cgroup v2 (cgroup knobs need the unified hierarchy)");
      } else if (!Files.isDirectory(top)) {
        return Support.no(top + " does not exist");
      }
      Path p = root.resolve(parent);
      Path writableDir = Files.isDirectory(p) ? p : top;
      if (!Files.isWritable(writableDir)) return Support.no(writableDir + " is not writable by Dream (needs root)");
      return Support.yes("trial cgroups under " + parent + ", controllers " + controllers(p, top));
    } catch (IOException e) {
      return Support.no("cannot inspect " + top + ": " + e.getMessage());
    }
  }

  private static String controllers(Path parent, Path top) throws IOException {
    Path f = Files.exists(parent.resolve("cgroup.controllers")) ? parent.resolve("cgroup.controllers") : top.resolve("cgroup.subtree_control");
    return Files.exists(f) ? "'" + SysRoot.read(f) + "'" : "unknown";
  }

  /** What this node offers for {@code domain}: each knob, and each KPI under each of {@code regimes}. */
  public DomainReport check(DomainSpec domain, Map<String, RegimeSpec> regimes) {
    boolean anyProcesses = false;
    for (RegimeSpec r : regimes.values()) {
      Workload w = create(r);
      if (w != null && w.startsProcesses()) anyProcesses = true;
    }
    Map<String, Support> knobs = new LinkedHashMap<>();
    for (Knob k : domain.knobs()) knobs.put(k.name(), knob(k, anyProcesses));
    Map<String, Map<String, Support>> kpis = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(domain.kpis().keySet());
    for (String kpi : names) {
      Map<String, Support> byRegime = new LinkedHashMap<>();
      for (RegimeSpec r : regimes.values()) byRegime.put(r.name(), kpi(domain, kpi, r));
      kpis.put(kpi, byRegime);
    }
    return new DomainReport(domain.name(), knobs, kpis);
  }

  private Workload create(RegimeSpec r) {
    try {
      return workloads.create(r.workload());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether this node can apply {@code knob}; {@code processes}: some regime's workload starts processes. */
  public Support knob(Knob knob, boolean processes) {
    String kind = knob.actuator().kind();
    KnobActuator a = actuators.get(kind);
    if (a == null) return Support.no("no " + kind + " actuator on this node");
    if (a.placesProcesses() && !processes) {
      return Support.no("held in every regime: a " + kind + " knob applies to processes a workload starts, and every regime runs a builtin workload inside the JVM");
    }
    try {
      if (FILE_KINDS.contains(kind) && a instanceof SysfsActuator s) return fileKnob(knob, s.files(knob));
    } catch (IOException | IllegalArgumentException e) {
      return Support.no(e.getMessage());
    }
    return switch (kind) {
      case "cgroup" -> features.get("cgroup v2");
      case "affinity" -> tool("taskset");
      case "nice" -> tool("nice");
      case "sched-policy" -> tool("chrt");
      case "nvidia-smi" -> gpu(knob);
      default -> Support.yes("handed to the workload");
    };
  }

  private Support tool(String t) {
    return tools.find(t).map(p -> Support.yes("applied to the workload's processes with " + p)).orElse(Support.no(tools.missing(t)));
  }

  private Support gpu(Knob knob) {
    NvidiaSmi smi = new NvidiaSmi(tools);
    if (!smi.installed()) return Support.no(smi.missingReason());
    Object g = knob.actuator().params().get("gpu");
    int gpu = g instanceof Number n ? n.intValue() : 0;
    try {
      List<Map<String, String>> rows = smi.query(gpu, List.of("index", "power.limit", "power.default_limit", "power.min_limit", "power.max_limit"));
      if (rows.isEmpty()) return Support.no("nvidia-smi lists no GPU " + gpu);
      Map<String, String> r = rows.get(0);
      if (!"persistence-mode".equals(knob.actuator().params().get("setting")) && r.get("power.default_limit") == null) {
        return Support.no("GPU " + gpu + " reports no power limits (power management not supported)");
      }
      return Support.yes("GPU " + gpu + " power limit " + r.get("power.limit") + " W (range " + r.get("power.min_limit") + ".." + r.get("power.max_limit") + ")");
    } catch (IOException e) {
      return Support.no(e.getMessage());
    }
  }

  private Support fileKnob(Knob knob, List<String> files) {
    List<String> unwritable = new ArrayList<>();
    for (String f : files) if (!Files.isWritable(root.resolve(f))) unwritable.add(f);
    String where = files.size() == 1 ? files.get(0) : files.size() + " files (" + files.get(0) + ", ...)";
    if (!unwritable.isEmpty()) return Support.no(where + ": not writable by Dream (needs root): " + unwritable.get(0));
    if (knob instanceof Knob.ChoiceKnob c) {
      Set<String> offered = offered(files.get(0));
      if (offered != null) {
        List<String> missing = new ArrayList<>();
        for (String choice : c.choices()) {
          String text = knob.actuator().values().getOrDefault(choice, choice);
          if (!offered.contains(text)) missing.add(choice);
        }
        if (missing.size() == c.choices().size()) {
          return Support.no(where + " offers none of the choices (it offers " + String.join(" ", offered) + ")");
        }
        if (!missing.isEmpty()) {
          return Support.yes(where + "; not offered here: " + String.join(", ", missing) + " (a candidate choosing them fails its trials)");
        }
      }
    }
    return Support.yes(where);
  }

  /**
   * The values a choice file accepts, where the kernel lists them: "a [b] c" files list them in place; a
   * cpufreq governor or EPP file has a sibling list. Null when unknown.
   */
  private Set<String> offered(String file) {
    Path f = root.resolve(file);
    try {
      String text = SysRoot.read(f);
      if (text.contains("[")) return new LinkedHashSet<>(Arrays.asList(text.replaceAll("[\\[\\]]", "").trim().split("\\s+")));
      String name = f.getFileName().toString();
      Path sibling = switch (name) {
        case "scaling_governor" -> f.resolveSibling("scaling_available_governors");
        case "energy_performance_preference" -> f.resolveSibling("energy_performance_available_preferences");
        default -> null;
      };
      if (sibling != null && Files.exists(sibling)) return new LinkedHashSet<>(Arrays.asList(SysRoot.read(sibling).split("\\s+")));
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** Whether KPI {@code kpi} of {@code domain} can be measured under {@code regime} on this node. */
  public Support kpi(DomainSpec domain, String kpi, RegimeSpec regime) {
    String kind = regime.workload().kind();
    Workload w;
    try {
      w = workloads.create(regime.workload());
    } catch (RuntimeException e) {
      return Support.no(e.getMessage());
    }
    String tool = switch (kind) {
      case "stress-ng", "fio", "iperf3" -> kind;
      default -> null;
    };
    if (tool != null && tools.find(tool).isEmpty()) return Support.no(tools.missing(tool));
    var k = domain.kpis().get(kpi);
    if (w.kpis().contains(kpi) || (k != null && k.role() != null && w.roles().containsKey(k.role()))) {
      return Support.yes("measured by workload " + kind);
    }
    if (w.notMeasured().containsKey(kpi)) return Support.no(w.notMeasured().get(kpi));
    for (Probe p : probes) {
      if (p.kpis().contains(kpi)) {
        Support s = features.get("probe " + kpi);
        return s != null ? s : probe(p, kpi);
      }
    }
    if (kind.equals("command")) return Support.yes("reported by the command, if its JSON output has it");
    return Support.no("nothing on this node measures " + kpi + ": no probe, and workload " + kind + " does not report it");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("node capabilities (system root " + root.root() + ")\n");
    int w = 0;
    for (String k : features.keySet()) w = Math.max(w, k.length());
    for (Map.Entry<String, Support> e : features.entrySet()) {
      sb.append(String.format("  %-" + w + "s  %s%n", e.getKey(), e.getValue()));
    }
    return sb.toString();
  }
}
