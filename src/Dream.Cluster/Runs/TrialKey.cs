using System.Text.Json;
using Dream.Core.Domain;

namespace Dream.Cluster.Runs;

/// <summary>
/// The content key of a trial in the evidence cache: the SHA-256 of a canonical JSON text of everything that
/// determines what the trial measures, and of nothing else, so that the same trial met in another generation, run
/// or service campaign finds the evidence already measured, and a trial that would measure something else never does.
/// </summary>
/// <remarks>
/// In the key (field names as in the hashed text, <see cref="Text"/>):
/// <list type="bullet">
/// <item><c>schema</c> (this form, <see cref="Schema"/>) and <c>measurement</c> (<see cref="MeasurementVersion"/>, raised
/// whenever Dream's measuring code changes what a trial yields: a probe, a workload, the sim function);</item>
/// <item><c>dream_version</c>: the version of the build that measures (a release may measure differently); the
/// code hash is left out, since every build has its own and a rebuild would otherwise forget all evidence;</item>
/// <item><c>node_class</c>: evidence never crosses node classes;</item>
/// <item><c>domain</c> and, per knob of the genome in ordinal name order, its name, actuator and the value as applied:
/// a machine-changing knob without <c>--allow-system-changes</c> is held at stock, so its key says <c>held</c> and not
/// the value the genome asked for; and the names of the KPIs the domain measures (which probes run);</item>
/// <item><c>regime</c>: name, workload kind and parameters, <c>duration_s</c> (its weight only scores, so it is out);</item>
/// <item><c>execution</c>: <c>warmup_s</c>, <c>trial_delay_s</c>, <c>timeout_multiplier</c> and the global
/// <c>max_trial_duration_s</c> (the trial's deadline), and the domain's caps (a cap aborts the trial);</item>
/// <item><c>trial</c>: the trial index k, so that the trials of one candidate and regime stay distinct evidence;</item>
/// <item><c>seed</c>: the run seed, only for the <c>sim</c> workload, whose noise is drawn from it; a real workload
/// measures the machine whatever Dream's seed.</item>
/// </list>
/// Left out, because they do not change a measurement: the trial count, retries, failure limits, KPI weights and
/// tolerances, the strategy and allocation, the run id, candidate id and generation. Not seen by the key: the content
/// of files a command workload runs (change a parameter, or use <c>--no-reuse</c>, after editing such a file).
/// </remarks>
public static class TrialKey
{
    public const string Schema = "dream.evidence.key.v1";

    /// <summary>Raised when Dream's measuring code changes what a trial yields; every older entry is then a miss.</summary>
    public const string MeasurementVersion = "1";

    /// <summary>The workload whose numbers come from the run seed (<see cref="Dream.Trials.Sim.SimNoise"/>).</summary>
    public const string SeededWorkload = "sim";

    public static string Of(RunSpec run, RunSpec.DomainPlan plan, Genome genome, RegimeSpec regime, int trial) =>
        Hashing.Sha256(Text(run, plan, genome, regime, trial));

    /// <summary>The canonical text that is hashed (exposed for tests and for anyone checking a key by hand).</summary>
    public static string Text(RunSpec run, RunSpec.DomainPlan plan, Genome genome, RegimeSpec regime, int trial) =>
        JournalJson.Text(w =>
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("measurement", MeasurementVersion);
            w.WriteString("dream_version", run.DreamVersion);
            w.WriteString("node_class", run.NodeClass);
            w.WriteString("domain", plan.Domain.Name);
            WriteKnobs(w, plan.Domain, genome, run.AllowSystemChanges);
            w.WriteStartArray("kpis");
            foreach (var k in plan.Domain.Kpis.Keys.Order(StringComparer.Ordinal)) w.WriteStringValue(k);
            w.WriteEndArray();
            w.WriteStartObject("regime");
            w.WriteString("name", regime.Name);
            w.WriteString("kind", regime.Workload.Kind);
            w.WritePropertyName("params");
            JournalJson.Canonical(w, Sorted(regime.Workload.Params));
            w.WritePropertyName("duration_s");
            JournalJson.Canonical(w, regime.DurationS);
            w.WriteEndObject();
            w.WriteStartObject("execution");
            w.WritePropertyName("warmup_s");
            JournalJson.Canonical(w, plan.Execution.WarmupS);
            w.WritePropertyName("trial_delay_s");
            JournalJson.Canonical(w, plan.Execution.TrialDelayS);
            w.WritePropertyName("timeout_multiplier");
            JournalJson.Canonical(w, plan.Execution.TimeoutMultiplier);
            w.WritePropertyName("max_trial_duration_s");
            JournalJson.Canonical(w, plan.Global.MaxTrialDurationS);
            w.WriteEndObject();
            w.WriteStartArray("caps");
            foreach (var (name, cap) in plan.Caps.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("kpi", cap.Kpi);
                w.WritePropertyName("min");
                if (cap.Min is { } min) JournalJson.Canonical(w, min);
                else w.WriteNullValue();
                w.WritePropertyName("max");
                if (cap.Max is { } max) JournalJson.Canonical(w, max);
                else w.WriteNullValue();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("trial", trial);
            if (regime.Workload.Kind == SeededWorkload) w.WriteNumber("seed", run.Seed);
            w.WriteEndObject();
        });

    private static void WriteKnobs(Utf8JsonWriter w, DomainSpec domain, Genome genome, bool allowSystemChanges)
    {
        var knobs = domain.Knobs.ToDictionary(k => k.Name);
        w.WriteStartArray("knobs");
        foreach (var (name, value) in genome.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            if (knobs.TryGetValue(name, out var knob))
            {
                w.WritePropertyName("actuator");
                JournalJson.Write(w, knob.Actuator);
                if (knob.Actuator.ChangesSystem && !allowSystemChanges)
                {
                    // held at stock whatever the genome says: the same measurement for every value
                    w.WriteBoolean("held", true);
                    w.WriteEndObject();
                    continue;
                }
            }
            w.WritePropertyName("value");
            JournalJson.Canonical(w, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Parameters in ordinal key order, nested maps too: their order in regimes.yaml measures nothing.</summary>
    private static object Sorted(object v) => v switch
    {
        IReadOnlyDictionary<string, object> m => m.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, object>(p.Key, Sorted(p.Value))).ToList(),
        IReadOnlyList<object> l => l.Select(Sorted).ToList(),
        _ => v,
    };
}
