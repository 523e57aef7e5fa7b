using Dream.Core.Domain;
using Dream.Trials.Processes;
using Dream.Trials.Sim;
using Dream.Trials.Workloads.Builtin;
using Dream.Trials.Workloads.Tool;

namespace Dream.Trials.Workloads;

/// <summary>The workload kinds this node can run, each a factory of one fresh instance per trial.</summary>
public sealed class WorkloadRegistry
{
    private readonly IReadOnlyDictionary<string, Func<WorkloadSpec, IWorkload>> _factories;

    private WorkloadRegistry(IReadOnlyDictionary<string, Func<WorkloadSpec, IWorkload>> factories) => _factories = factories;

    public static WorkloadRegistry Empty() => new(new Dictionary<string, Func<WorkloadSpec, IWorkload>>());

    /// <summary>
    /// Every workload kind: <c>sim</c> and the <c>builtin-*</c> kinds need nothing installed; <c>command</c>,
    /// <c>stress-ng</c>, <c>fio</c> and <c>iperf3</c> run programs found on this process's PATH, and a trial whose
    /// program is missing fails with "X is not installed on this node".
    /// </summary>
    public static WorkloadRegistry Standard() => Standard(Tools.System());

    /// <summary>As <see cref="Standard()"/>, finding external programs with <paramref name="tools"/>.</summary>
    public static WorkloadRegistry Standard(Tools tools) =>
        Empty()
            .With("sim", _ => new SimWorkload())
            .With("command", _ => new CommandWorkload(tools))
            .With("stress-ng", _ => new StressNgWorkload(tools))
            .With("fio", _ => new FioWorkload(tools))
            .With("iperf3", _ => new Iperf3Workload(tools))
            .With("builtin-cpu", _ => new CpuWorkload())
            .With("builtin-memory", _ => new MemoryWorkload())
            .With("builtin-storage", _ => new StorageWorkload())
            .With("builtin-network", _ => new NetworkWorkload())
            .With("builtin-mixed", _ => new MixedWorkload());

    /// <summary>A registry with <paramref name="kind"/> added or replaced.</summary>
    public WorkloadRegistry With(string kind, Func<WorkloadSpec, IWorkload> factory) =>
        new(new Dictionary<string, Func<WorkloadSpec, IWorkload>>(_factories) { [kind] = factory });

    public bool Supports(string kind) => _factories.ContainsKey(kind);

    /// <summary>The kinds this registry runs, sorted.</summary>
    public IReadOnlyList<string> Kinds() => _factories.Keys.Order(StringComparer.Ordinal).ToList().AsReadOnly();

    public IWorkload Create(WorkloadSpec spec)
    {
        if (!_factories.TryGetValue(spec.Kind, out var f))
            throw new ArgumentException(
                $"workload kind {spec.Kind} is not available on this node (available: {string.Join(", ", Kinds())})");
        return f(spec);
    }
}
