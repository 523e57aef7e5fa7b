using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dream.Core.Domain;
using Dream.Trials.Actuators;
using Dream.Trials.Gpu;
using Dream.Trials.Probes;
using Dream.Trials.Processes;
using Dream.Trials.Workloads;

namespace Dream.Trials;

/// <summary>
/// What this node can do, found out before a campaign: which knob actuators and which KPIs work here, each with
/// the reason when not (no cpufreq driver, RAPL readable by root only, no NVIDIA driver, stress-ng not installed,
/// cgroup v1...). <see cref="Check"/> says it for one domain and its regimes, so that a domain on a node that lacks a
/// knob or a KPI says so up front instead of after hours of trials; <c>ToString()</c> of both is a table for people.
/// Nothing here changes the machine: files are read and tested for writability, tools are looked up on the search
/// path, and each probe takes one sample.
/// </summary>
public sealed class NodeCapabilities
{
    /// <summary>Whether something works here; <see cref="Detail"/> says what was found, or why not.</summary>
    public sealed record Support(bool Ok, string Detail)
    {
        internal static Support Yes(string detail) => new(true, detail);

        internal static Support No(string reason) => new(false, reason);

        public override string ToString() => (Ok ? "yes" : "no ") + "  " + Detail;
    }

    /// <summary>The support of a domain's knobs, and of each KPI under each regime, on this node.</summary>
    public sealed record DomainReport(string Domain, IReadOnlyDictionary<string, Support> Knobs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Support>> Kpis)
    {
        /// <summary>Knobs this node cannot apply, with the reason.</summary>
        public IReadOnlyDictionary<string, string> UnsupportedKnobs()
        {
            var output = new Dictionary<string, string>();
            foreach (var (k, s) in Knobs)
                if (!s.Ok) output[k] = s.Detail;
            return output;
        }

        /// <summary>"kpi" (no regime measures it) or "kpi@regime" → reason, for what this node cannot measure.</summary>
        public IReadOnlyDictionary<string, string> UnavailableKpis()
        {
            var output = new Dictionary<string, string>();
            foreach (var (kpi, byRegime) in Kpis)
            {
                if (byRegime.Count == 0) continue;
                if (byRegime.Values.All(s => !s.Ok))
                {
                    output[kpi] = byRegime.Values.First().Detail;
                    continue;
                }
                foreach (var (regime, s) in byRegime)
                    if (!s.Ok) output[kpi + "@" + regime] = s.Detail;
            }
            return output;
        }

        public override string ToString()
        {
            var sb = new StringBuilder("domain " + Domain + " on this node\n");
            var w = Math.Max(4, Knobs.Keys.Concat(Kpis.Keys).Select(k => k.Length).DefaultIfEmpty(0).Max());
            foreach (var (k, s) in Knobs) sb.Append("  knob ").Append(k.PadRight(w)).Append("  ").Append(s).Append('\n');
            foreach (var (kpi, r) in Kpis)
            {
                var same = r.Values.Select(s => s.ToString()).Distinct().Count() == 1;
                if (same && r.Count > 0)
                {
                    var which = r.Count == 1 ? "regime " + r.Keys.First() : "all regimes";
                    sb.Append("  kpi  ").Append(kpi.PadRight(w)).Append("  ").Append(r.Values.First()).Append(" (").Append(which).Append(")\n");
                }
                else
                {
                    foreach (var (regime, s) in r)
                        sb.Append("  kpi  ").Append(kpi.PadRight(w)).Append("  ").Append(s).Append(" (regime ").Append(regime).Append(")\n");
                }
            }
            return sb.ToString();
        }
    }

    private static readonly IReadOnlySet<string> FileKinds = new HashSet<string> { "sysfs", "procfs" };
    private readonly SysRoot _root;
    private readonly Tools _tools;
    private readonly IReadOnlyList<IProbe> _probes;
    private readonly WorkloadRegistry _workloads;
    private readonly IReadOnlyDictionary<string, IKnobActuator> _actuators;
    private readonly Dictionary<string, Support> _features = new(); // filled once, in order, never removed from

    private NodeCapabilities(SysRoot root, Tools tools, IReadOnlyList<IProbe> probes, WorkloadRegistry workloads,
        IReadOnlyDictionary<string, IKnobActuator> actuators)
    {
        _root = root;
        _tools = tools;
        _probes = probes.ToList().AsReadOnly();
        _workloads = workloads;
        _actuators = actuators;
    }

    /// <summary>The node under <paramref name="root"/> with the standard probes, workloads and actuators, tools on PATH.</summary>
    public static NodeCapabilities Detect(SysRoot root) => Detect(root, Tools.System());

    public static NodeCapabilities Detect(SysRoot root, Tools tools) =>
        Detect(root, tools, ProbeSet.Standard(root, tools), WorkloadRegistry.Standard(tools), Dream.Trials.Actuators.Actuators.Standard(root, tools));

    public static NodeCapabilities Detect(SysRoot root, Tools tools, IReadOnlyList<IProbe> probes, WorkloadRegistry workloads,
        IReadOnlyDictionary<string, IKnobActuator> actuators)
    {
        var c = new NodeCapabilities(root, tools, probes, workloads, actuators);
        c.Survey();
        return c;
    }

    /// <summary>The facts found about this node, by name (cpufreq, rapl, gpu, stress-ng, cgroup v2, ...).</summary>
    public IReadOnlyDictionary<string, Support> Features => _features.AsReadOnly();

    private void Survey()
    {
        var cpufreq = _root.Resolve("/sys/devices/system/cpu/cpu0/cpufreq");
        _features["cpufreq governors"] = Listed(Path.Combine(cpufreq, "scaling_available_governors"),
            "no cpufreq driver (a virtual machine, or cpufreq off)");
        _features["energy/performance preference"] = Listed(Path.Combine(cpufreq, "energy_performance_available_preferences"),
            "no EPP (needs intel_pstate or amd-pstate in active mode)");
        _features["cpu boost"] = Exists(_root.Resolve("/sys/devices/system/cpu/cpufreq/boost"), "no cpufreq boost switch");
        _features["intel_pstate turbo"] = Exists(_root.Resolve("/sys/devices/system/cpu/intel_pstate/no_turbo"), "no intel_pstate");
        _features["smt control"] = Exists(_root.Resolve("/sys/devices/system/cpu/smt/control"), "no SMT control");
        foreach (var p in _probes)
            foreach (var kpi in p.Kpis)
                _features["probe " + kpi] = Probe(p, kpi);
        foreach (var t in new[] { "stress-ng", "fio", "iperf3", "taskset", "nice", "chrt", NvidiaSmi.Tool })
            _features["tool " + t] = _tools.Find(t) is { } x ? Support.Yes(x) : Support.No(_tools.Missing(t));
        _features["cgroup v2"] = CgroupV2();
    }

    private static Support Listed(string f, string otherwise)
    {
        try
        {
            return File.Exists(f) ? Support.Yes(SysRoot.Read(f)) : Support.No(otherwise + ": " + f + " does not exist");
        }
        catch (IOException e)
        {
            return Support.No("cannot read " + f + ": " + e.Message);
        }
    }

    private static Support Exists(string f, string otherwise) =>
        File.Exists(f) || Directory.Exists(f) ? Support.Yes(f) : Support.No(otherwise + ": " + f + " does not exist");

    /// <summary>One sample of the probe: a value, or the probe's own reason for not having one.</summary>
    private static Support Probe(IProbe p, string kpi)
    {
        Readings r;
        try
        {
            r = p.Open().Sample();
        }
        catch (Exception e)
        {
            return Support.No("probe " + p.GetType().Name + " failed: " + e.GetType().Name + ": " + e.Message);
        }
        return r.Unavailable.TryGetValue(kpi, out var why) ? Support.No(why) : Support.Yes("measured by " + p.GetType().Name);
    }

    private Support CgroupV2()
    {
        var parent = _actuators.TryGetValue("cgroup", out var a) && a is CgroupActuator c ? c.Parent : CgroupActuator.DefaultParent;
        var top = _root.Resolve("/sys/fs/cgroup");
        try
        {
            if (_root.IsSystem())
            {
                var type = FileSystemType(top);
                if (type != "cgroup2")
                    return Support.No("/sys/fs/cgroup is " + (type ?? "not mounted") + ", not cgroup v2 (cgroup knobs need the unified hierarchy)");
            }
            else if (!Directory.Exists(top))
            {
                return Support.No(top + " does not exist");
            }
            var p = _root.Resolve(parent);
            var writableDir = Directory.Exists(p) ? p : top;
            if (!FileAccessCheck.IsWritable(writableDir)) return Support.No(writableDir + " is not writable by Dream (needs root)");
            return Support.Yes("trial cgroups under " + parent + ", controllers " + Controllers(p, top));
        }
        catch (IOException e)
        {
            return Support.No("cannot inspect " + top + ": " + e.Message);
        }
    }

    /// <summary>The type of the file system mounted at (or above) <paramref name="path"/>, from /proc/self/mounts.</summary>
    private static string? FileSystemType(string path)
    {
        string? best = null;
        var bestLength = -1;
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var f = line.Split(' ');
            if (f.Length < 3) continue;
            var mount = f[1].Replace("\\040", " ");
            var covers = path == mount || path.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal) || mount == "/";
            if (covers && mount.Length >= bestLength)
            {
                best = f[2];
                bestLength = mount.Length;
            }
        }
        return best;
    }

    private static string Controllers(string parent, string top)
    {
        var own = Path.Combine(parent, "cgroup.controllers");
        var f = File.Exists(own) ? own : Path.Combine(top, "cgroup.subtree_control");
        return File.Exists(f) ? "'" + SysRoot.Read(f) + "'" : "unknown";
    }

    /// <summary>What this node offers for <paramref name="domain"/>: each knob, and each KPI under each of <paramref name="regimes"/>.</summary>
    public DomainReport Check(DomainSpec domain, IReadOnlyDictionary<string, RegimeSpec> regimes)
    {
        var anyProcesses = regimes.Values.Any(r => Create(r) is { StartsProcesses: true });
        var knobs = new Dictionary<string, Support>();
        foreach (var k in domain.Knobs) knobs[k.Name] = Knob(k, anyProcesses);
        var kpis = new Dictionary<string, IReadOnlyDictionary<string, Support>>();
        foreach (var kpi in domain.Kpis.Keys)
        {
            var byRegime = new Dictionary<string, Support>();
            foreach (var r in regimes.Values) byRegime[r.Name] = Kpi(domain, kpi, r);
            kpis[kpi] = byRegime;
        }
        return new DomainReport(domain.Name, knobs, kpis);
    }

    private IWorkload? Create(RegimeSpec r)
    {
        try
        {
            return _workloads.Create(r.Workload);
        }
        catch (Exception)
        {
            return null; // a kind this node lacks, or a bad regime: Kpi says which
        }
    }

    /// <summary>Whether this node can apply <paramref name="knob"/>; <paramref name="processes"/>: some regime's workload starts processes.</summary>
    public Support Knob(Knob knob, bool processes)
    {
        var kind = knob.Actuator.Kind;
        if (!_actuators.TryGetValue(kind, out var a)) return Support.No("no " + kind + " actuator on this node");
        if (a.PlacesProcesses && !processes)
            return Support.No("held in every regime: a " + kind
                + " knob applies to processes a workload starts, and every regime runs a builtin workload inside the Dream process");
        try
        {
            if (FileKinds.Contains(kind) && a is SysfsActuator s) return FileKnob(knob, s.Files(knob));
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return Support.No(e.Message);
        }
        return kind switch
        {
            "cgroup" => _features["cgroup v2"],
            "affinity" => Tool("taskset"),
            "nice" => Tool("nice"),
            "sched-policy" => Tool("chrt"),
            "nvidia-smi" => GpuKnob(knob),
            _ => Support.Yes("handed to the workload"),
        };
    }

    private Support Tool(string t) =>
        _tools.Find(t) is { } p ? Support.Yes("applied to the workload's processes with " + p) : Support.No(_tools.Missing(t));

    private Support GpuKnob(Knob knob)
    {
        var smi = new NvidiaSmi(_tools);
        if (!smi.Installed()) return Support.No(smi.MissingReason());
        var gpu = knob.Actuator.Params.TryGetValue("gpu", out var g) && g is long n ? (int)n : 0;
        try
        {
            var rows = smi.Query(gpu, ["index", "power.limit", "power.default_limit", "power.min_limit", "power.max_limit"]);
            if (rows.Count == 0) return Support.No("nvidia-smi lists no GPU " + gpu);
            var r = rows[0];
            var persistence = knob.Actuator.Params.TryGetValue("setting", out var setting) && setting as string == "persistence-mode";
            if (!persistence && !r.ContainsKey("power.default_limit"))
                return Support.No("GPU " + gpu + " reports no power limits (power management not supported)");
            return Support.Yes($"GPU {gpu} power limit {Field(r, "power.limit")} W (range {Field(r, "power.min_limit")}..{Field(r, "power.max_limit")})");
        }
        catch (IOException e)
        {
            return Support.No(e.Message);
        }
    }

    private static string Field(IReadOnlyDictionary<string, string> row, string key) => row.TryGetValue(key, out var v) ? v : "null";

    private Support FileKnob(Knob knob, IReadOnlyList<string> files)
    {
        var unwritable = files.Where(f => !FileAccessCheck.IsWritable(_root.Resolve(f))).ToList();
        var where = files.Count == 1 ? files[0] : files.Count.ToString(CultureInfo.InvariantCulture) + " files (" + files[0] + ", ...)";
        if (unwritable.Count > 0) return Support.No(where + ": not writable by Dream (needs root): " + unwritable[0]);
        if (knob is ChoiceKnob c && Offered(files[0]) is { } offered)
        {
            var missing = c.Choices.Where(choice => !offered.Contains(knob.Actuator.Values.TryGetValue(choice, out var t) ? t : choice)).ToList();
            if (missing.Count == c.Choices.Count)
                return Support.No(where + " offers none of the choices (it offers " + string.Join(" ", offered) + ")");
            if (missing.Count > 0)
                return Support.Yes(where + "; not offered here: " + string.Join(", ", missing) + " (a candidate choosing them fails its trials)");
        }
        return Support.Yes(where);
    }

    /// <summary>
    /// The values a choice file accepts, where the kernel lists them: "a [b] c" files list them in place; a cpufreq
    /// governor or EPP file has a sibling list. Null when unknown.
    /// </summary>
    private IReadOnlyList<string>? Offered(string file)
    {
        var f = _root.Resolve(file);
        try
        {
            var text = SysRoot.Read(f);
            if (text.Contains('[')) return Words(Regex.Replace(text, @"[\[\]]", ""));
            var sibling = Path.GetFileName(f) switch
            {
                "scaling_governor" => "scaling_available_governors",
                "energy_performance_preference" => "energy_performance_available_preferences",
                _ => null,
            };
            if (sibling is null) return null;
            var list = Path.Combine(Path.GetDirectoryName(f)!, sibling);
            return File.Exists(list) ? Words(SysRoot.Read(list)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    /// <summary>Whether KPI <paramref name="kpi"/> of <paramref name="domain"/> can be measured under <paramref name="regime"/> on this node.</summary>
    public Support Kpi(DomainSpec domain, string kpi, RegimeSpec regime)
    {
        var kind = regime.Workload.Kind;
        IWorkload w;
        try
        {
            w = _workloads.Create(regime.Workload);
        }
        catch (Exception e)
        {
            return Support.No(e.Message);
        }
        var tool = kind is "stress-ng" or "fio" or "iperf3" ? kind : null;
        if (tool is not null && _tools.Find(tool) is null) return Support.No(_tools.Missing(tool));
        domain.Kpis.TryGetValue(kpi, out var k);
        if (w.Kpis.Contains(kpi) || (k?.Role is { } role && w.Roles.ContainsKey(role)))
            return Support.Yes("measured by workload " + kind);
        if (w.NotMeasured.TryGetValue(kpi, out var why)) return Support.No(why);
        foreach (var p in _probes)
            if (p.Kpis.Contains(kpi))
                return _features.TryGetValue("probe " + kpi, out var s) ? s : Probe(p, kpi);
        if (kind == "command") return Support.Yes("reported by the command, if its JSON output has it");
        return Support.No("nothing on this node measures " + kpi + ": no probe, and workload " + kind + " does not report it");
    }

    public override string ToString()
    {
        var sb = new StringBuilder("node capabilities (system root " + _root.Root + ")\n");
        var w = _features.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        foreach (var (k, s) in _features) sb.Append("  ").Append(k.PadRight(w)).Append("  ").Append(s).Append('\n');
        return sb.ToString();
    }
}
