namespace Dream.Core.Domain;

/// <summary>
/// How a knob is applied and restored on a node. <see cref="Kind"/> is one of <see cref="Kinds"/>;
/// <see cref="Path"/> is a sysfs/procfs path or glob (resolved under $DREAM_SYS_ROOT), a cgroup file, or an
/// env/arg name; <see cref="Values"/> maps a knob value (as text) to what is written; <see cref="Params"/>
/// holds kind-specific extras.
/// </summary>
public sealed record ActuatorSpec
{
    public static readonly IReadOnlyList<string> Kinds =
        ["sysfs", "procfs", "cgroup", "affinity", "nice", "sched-policy", "workload-arg", "env", "nvidia-smi"];

    /// <summary>Actuators that change the machine: applied only with --allow-system-changes.</summary>
    public static readonly IReadOnlySet<string> SystemChanging =
        new HashSet<string> { "sysfs", "procfs", "cgroup", "affinity", "nice", "sched-policy", "nvidia-smi" };

    public string Kind { get; }
    public string? Path { get; }
    public IReadOnlyDictionary<string, string> Values { get; }
    public IReadOnlyDictionary<string, object> Params { get; }

    public ActuatorSpec(string kind, string? path, IEnumerable<KeyValuePair<string, string>>? values,
        IEnumerable<KeyValuePair<string, object>>? @params)
    {
        Kind = kind;
        Path = path;
        var v = new Dictionary<string, string>();
        var order = new List<KeyValuePair<string, string>>();
        foreach (var p in values ?? []) order.Add(p);
        Values = new OrderedStringMap(order);
        Params = Canonical.Map(@params);
    }

    public static ActuatorSpec WorkloadArg() => new("workload-arg", null, null, null);

    public bool ChangesSystem => SystemChanging.Contains(Kind);

    public bool Equals(ActuatorSpec? other) =>
        other is not null && Kind == other.Kind && Path == other.Path &&
        Values.Count == other.Values.Count && Values.All(p => other.Values.TryGetValue(p.Key, out var o) && o == p.Value) &&
        Canonical.ValueEquals(Params, other.Params);

    public override int GetHashCode() => HashCode.Combine(Kind, Path, Values.Count, Params.Count);
}

/// <summary>An insertion-ordered read-only string map.</summary>
public sealed class OrderedStringMap : IReadOnlyDictionary<string, string>
{
    private readonly List<KeyValuePair<string, string>> _pairs;
    private readonly Dictionary<string, string> _index;

    public OrderedStringMap(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        _pairs = new();
        _index = new();
        foreach (var p in pairs)
        {
            if (_index.ContainsKey(p.Key)) _pairs.RemoveAll(x => x.Key == p.Key);
            _pairs.Add(p);
            _index[p.Key] = p.Value;
        }
    }

    public string this[string key] => _index[key];
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);
    public IEnumerable<string> Values => _pairs.Select(p => p.Value);
    public int Count => _pairs.Count;
    public bool ContainsKey(string key) => _index.ContainsKey(key);
    public bool TryGetValue(string key, out string value) => _index.TryGetValue(key, out value!);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
