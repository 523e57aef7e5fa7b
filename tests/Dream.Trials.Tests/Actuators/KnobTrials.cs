using Dream.Core.Domain;

namespace Dream.Trials.Tests.Actuators;

/// <summary>Trial specs for the knob tests: one regime, no caps, the knobs and genome given.</summary>
internal static class KnobTrials
{
    public static DomainSpec Domain(string name, IReadOnlyList<Knob> knobs) =>
        new(name, "test domain", knobs, new Dictionary<string, Kpi>(), new Dictionary<string, double>());

    public static Genome Genome(params object[] kv)
    {
        var pairs = new List<KeyValuePair<string, object>>();
        for (var i = 0; i < kv.Length; i += 2) pairs.Add(new((string)kv[i], kv[i + 1]));
        return new Genome(pairs);
    }

    public static TrialSpec Trial(DomainSpec domain, Genome genome, bool allowSystemChanges, string workloadKind = "sim", int index = 0)
    {
        var regime = new RegimeSpec("normal", new WorkloadSpec(workloadKind, null), 0, 1.0);
        var exec = new ExecutionSpec(3, 0, 0, 1, 1.5);
        var id = TrialSpec.IdOf("run1", domain.Name, "gen0_c0", "normal", index);
        return new TrialSpec(id, "run1", domain.Name, "gen0_c0", "normal", index, genome, domain, regime, exec,
            new Dictionary<string, Cap>(), GlobalCaps.Default, 42L, allowSystemChanges);
    }

    public static ActuatorSpec Actuator(string kind, string? path, params (string Value, string Text)[] values) =>
        new(kind, path, values.Select(v => new KeyValuePair<string, string>(v.Value, v.Text)), null);
}
