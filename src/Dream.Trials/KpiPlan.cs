using Dream.Core.Domain;
using Dream.Trials.Probes;
using Dream.Trials.Workloads;

namespace Dream.Trials;

/// <summary>
/// Where each KPI of a trial comes from. The trial reports the domain's KPIs and the capped ones; for each, in
/// this order: the workload's KPI of that name, the workload's KPI with the same score role (so a sim domain may
/// call its perf KPI anything), then a probe. A domain that declares no KPIs gets whatever the workload measures.
/// Only the probes that some KPI needs are opened. A KPI planned for a probe that the probe cannot read is still
/// taken from the workload when the workload reports it by that name.
/// </summary>
internal sealed class KpiPlan
{
    private readonly Dictionary<string, string> _fromWorkload = new(); // domain name → workload name, filled in order
    private readonly List<string> _fromProbes = new();
    private readonly Dictionary<string, string> _notMeasured = new();
    private readonly List<KeyValuePair<string, string>> _notMeasuredOrder = new();
    private readonly List<KeyValuePair<string, string>> _fromWorkloadOrder = new();
    private readonly List<IProbe> _probes = new();
    private readonly string _workloadKind;
    private bool _reportAll;

    private KpiPlan(string workloadKind) => _workloadKind = workloadKind;

    public IReadOnlyList<IProbe> Probes => _probes;

    public static KpiPlan Of(DomainSpec domain, IReadOnlyDictionary<string, Cap> caps, string kind, IWorkload w, IReadOnlyList<IProbe> available)
    {
        var plan = new KpiPlan(kind);
        var wanted = new List<string>(domain.Kpis.Keys);
        if (wanted.Count == 0)
        {
            wanted.AddRange(w.Kpis);
            plan._reportAll = true;
        }
        foreach (var c in caps.Keys) if (!wanted.Contains(c)) wanted.Add(c);
        var workloadKpis = w.Kpis;
        var roles = w.Roles;
        var notMeasured = w.NotMeasured;
        foreach (var k in wanted)
        {
            domain.Kpis.TryGetValue(k, out var kpi);
            string? byRole = kpi?.Role is { } role && roles.TryGetValue(role, out var r) ? r : null;
            if (workloadKpis.Contains(k)) plan.FromWorkload(k, k);
            else if (notMeasured.TryGetValue(k, out var why)) plan.NotMeasured(k, why);
            else if (byRole is not null) plan.FromWorkload(k, byRole);
            else if (!plan._fromProbes.Contains(k)) plan._fromProbes.Add(k);
        }
        foreach (var p in available)
            if (p.Kpis.Any(plan._fromProbes.Contains)) plan._probes.Add(p);
        return plan;
    }

    private void FromWorkload(string name, string source)
    {
        if (_fromWorkload.TryAdd(name, source)) _fromWorkloadOrder.Add(new(name, source));
    }

    private void NotMeasured(string name, string why)
    {
        if (_notMeasured.TryAdd(name, why)) _notMeasuredOrder.Add(new(name, why));
    }

    /// <summary>Workload values under the domain's names (for caps checked while the trial runs).</summary>
    public IReadOnlyDictionary<string, double> Rename(IReadOnlyDictionary<string, double> workloadValues)
    {
        // A value reported under a name that no declared source covers is dropped.
        var output = workloadValues.Where(p => _fromProbes.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        foreach (var (name, source) in _fromWorkloadOrder)
            if (workloadValues.TryGetValue(source, out var v)) output[name] = v;
        return output;
    }

    /// <summary>Probe values of the KPIs this trial reports.</summary>
    public IReadOnlyDictionary<string, double> ProbeValues(Readings r) =>
        r.Values.Where(p => _fromProbes.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The trial's KPIs: every planned KPI is either measured or unavailable with a reason.</summary>
    public Readings Merge(WorkloadResult workload, Readings probed)
    {
        var values = new OrderedPairs<double>();
        var unavailable = new OrderedPairs<string>();
        foreach (var (name, source) in _fromWorkloadOrder)
        {
            if (workload.Kpis.TryGetValue(source, out var v)) values.Put(name, v);
            else unavailable.Put(name, workload.Unavailable.TryGetValue(source, out var why)
                ? why : $"workload {_workloadKind} did not report {source}");
        }
        foreach (var (name, why) in _notMeasuredOrder) unavailable.Put(name, why);
        foreach (var name in _fromProbes)
        {
            // A workload that cannot declare its KPIs in advance (a command's JSON) may still report this one.
            if (probed.Values.TryGetValue(name, out var v) || workload.Kpis.TryGetValue(name, out v)) values.Put(name, v);
            else if (workload.Unavailable.TryGetValue(name, out var why)) unavailable.Put(name, why);
            else unavailable.Put(name, probed.Unavailable.TryGetValue(name, out var probeWhy)
                ? probeWhy : $"no probe on this node measures {name} and workload {_workloadKind} does not report it");
        }
        if (_reportAll)
        {
            foreach (var (k, v) in workload.Kpis) values.PutIfAbsent(k, v);
            foreach (var (k, why) in workload.Unavailable)
                if (!values.ContainsKey(k)) unavailable.PutIfAbsent(k, why);
        }
        return new Readings(values.ToDictionary(), unavailable.ToDictionary());
    }

    /// <summary>An insertion-ordered map that is only added to (so Dictionary keeps the order).</summary>
    private sealed class OrderedPairs<T>
    {
        private readonly Dictionary<string, T> _map = new();
        private readonly List<string> _order = new();

        public void Put(string k, T v)
        {
            if (!_map.ContainsKey(k)) _order.Add(k);
            _map[k] = v;
        }

        public void PutIfAbsent(string k, T v)
        {
            if (!_map.ContainsKey(k)) Put(k, v);
        }

        public bool ContainsKey(string k) => _map.ContainsKey(k);

        public Dictionary<string, T> ToDictionary()
        {
            var d = new Dictionary<string, T>();
            foreach (var k in _order) d[k] = _map[k];
            return d;
        }
    }
}
