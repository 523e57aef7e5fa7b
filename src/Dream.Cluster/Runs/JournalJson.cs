using System.Globalization;
using System.Text;
using System.Text.Json;
using Dream.Cluster.Baselines;
using Dream.Core.Domain;
using Dream.Core.Evolution;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using Dream.Trials;
using ScoredCandidate = Dream.Core.Evolution.Scored;

namespace Dream.Cluster.Runs;

/// <summary>
/// The journal's JSON form of every event, snapshot and the values in them, written field by field (snake_case) so
/// that it depends on no class name and no reflection: renaming a C# type or property changes nothing stored.
/// Values of untyped maps (genomes, settings, workload parameters) keep their type: a double is always written
/// with a decimal point, so it never reads back as a long (which would change a genome's key and so the run).
/// </summary>
public static class JournalJson
{
    // ---- plumbing ----

    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.ToArray();
    }

    public static string Text(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Bytes(write));

    public static JsonElement Parse(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }

    private static void Double(Utf8JsonWriter w, double v)
    {
        // Strict JSON has no NaN or infinity; the journal must never refuse an event for one, so they go as text.
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
    }

    private static void Double(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        Double(w, v);
    }

    private static void NullableDouble(Utf8JsonWriter w, string name, double? v)
    {
        w.WritePropertyName(name);
        if (v is { } d) Double(w, d);
        else w.WriteNullValue();
    }

    private static double ReadDouble(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    private static void String(Utf8JsonWriter w, string name, string? v)
    {
        if (v == null) w.WriteNull(name);
        else w.WriteString(name, v);
    }

    private static JsonElement Req(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v : throw new JsonException($"journal JSON lacks field {name}");

    private static JsonElement? Opt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string Str(JsonElement e, string name) => Req(e, name).GetString()!;

    private static string? OptStr(JsonElement e, string name) => Opt(e, name)?.GetString();

    private static int Int(JsonElement e, string name) => Req(e, name).GetInt32();

    private static long Long(JsonElement e, string name) => Req(e, name).GetInt64();

    private static bool Bool(JsonElement e, string name) => Req(e, name).GetBoolean();

    private static double Dbl(JsonElement e, string name) => ReadDouble(Req(e, name));

    private static double? OptDbl(JsonElement e, string name) => Opt(e, name) is { } v ? ReadDouble(v) : null;

    private static void Map<T>(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, T>>? map, Action<Utf8JsonWriter, T> value)
    {
        w.WritePropertyName(name);
        if (map == null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        foreach (var (k, v) in map)
        {
            w.WritePropertyName(k);
            value(w, v);
        }
        w.WriteEndObject();
    }

    /// <summary>In the stored order (a Dictionary keeps insertion order while nothing is removed).</summary>
    private static Dictionary<string, T> ReadMap<T>(JsonElement e, Func<JsonElement, T> value)
    {
        var m = new Dictionary<string, T>();
        foreach (var p in e.EnumerateObject()) m[p.Name] = value(p.Value);
        return m;
    }

    private static void List<T>(Utf8JsonWriter w, string name, IEnumerable<T>? list, Action<Utf8JsonWriter, T> value)
    {
        w.WritePropertyName(name);
        if (list == null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        foreach (var v in list) value(w, v);
        w.WriteEndArray();
    }

    private static IReadOnlyList<T> ReadList<T>(JsonElement e, Func<JsonElement, T> value) =>
        e.EnumerateArray().Select(value).ToList().AsReadOnly();

    private static readonly Action<Utf8JsonWriter, string> Strings = (w, s) => w.WriteStringValue(s);
    private static readonly Action<Utf8JsonWriter, double> Doubles = Double;
    private static readonly Action<Utf8JsonWriter, IReadOnlyList<double>> DoubleLists = (w, l) =>
    {
        w.WriteStartArray();
        foreach (var d in l) Double(w, d);
        w.WriteEndArray();
    };

    private static string ReadString(JsonElement e) => e.GetString()!;

    private static IReadOnlyList<double> ReadDoubles(JsonElement e) => ReadList(e, ReadDouble);

    private static Dictionary<string, IReadOnlyList<double>> ReadDoubleLists(JsonElement e) => ReadMap(e, ReadDoubles);

    // ---- canonical values (long, double, string, bool, lists and maps of those) ----

    public static void Canonical(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): w.WriteRawValue(Core.Domain.Canonical.FormatDouble(d)); break;
            case double d: w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case float f: w.WriteRawValue(Core.Domain.Canonical.FormatDouble(f)); break;
            case decimal m: w.WriteRawValue(Core.Domain.Canonical.FormatDouble((double)m)); break;
            case IEnumerable<KeyValuePair<string, object>> map:
                w.WriteStartObject();
                foreach (var (k, x) in map)
                {
                    w.WritePropertyName(k);
                    Canonical(w, x);
                }
                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (var x in list) Canonical(w, x);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
        }
    }

    public static object ReadCanonical(JsonElement e) => Core.Domain.Canonical.Value(e);

    private static IReadOnlyDictionary<string, object> ReadCanonicalMap(JsonElement e) =>
        (IReadOnlyDictionary<string, object>)Core.Domain.Canonical.Value(e);

    // ---- domain ----

    public static void Write(Utf8JsonWriter w, Genome g) => Canonical(w, g.Values);

    public static Genome ReadGenome(JsonElement e) => new(ReadCanonicalMap(e));

    public static void Write(Utf8JsonWriter w, ActuatorSpec a)
    {
        w.WriteStartObject();
        w.WriteString("kind", a.Kind);
        String(w, "path", a.Path);
        Map(w, "values", a.Values, Strings);
        w.WritePropertyName("params");
        Canonical(w, a.Params);
        w.WriteEndObject();
    }

    public static ActuatorSpec ReadActuator(JsonElement e) =>
        new(Str(e, "kind"), OptStr(e, "path"), ReadMap(Req(e, "values"), ReadString), ReadCanonicalMap(Req(e, "params")));

    public static void Write(Utf8JsonWriter w, Knob k)
    {
        w.WriteStartObject();
        w.WriteString("type", k.Type);
        w.WriteString("name", k.Name);
        switch (k)
        {
            case IntKnob i:
                w.WriteNumber("min", i.Min);
                w.WriteNumber("max", i.Max);
                w.WriteNumber("step", i.Step);
                w.WriteBoolean("log", i.Log);
                if (i.StockValue is { } si) w.WriteNumber("stock", si);
                else w.WriteNull("stock");
                break;
            case FloatKnob f:
                Double(w, "min", f.Min);
                Double(w, "max", f.Max);
                NullableDouble(w, "step", f.Step);
                w.WriteBoolean("log", f.Log);
                NullableDouble(w, "stock", f.StockValue);
                break;
            case ChoiceKnob c:
                List(w, "choices", c.Choices, Strings);
                String(w, "stock", c.StockValue);
                break;
            case BoolKnob b:
                if (b.StockValue is { } sb) w.WriteBoolean("stock", sb);
                else w.WriteNull("stock");
                break;
            default:
                throw new ArgumentException("a knob of unknown type " + k.GetType().Name);
        }
        w.WritePropertyName("actuator");
        Write(w, k.Actuator);
        w.WriteEndObject();
    }

    public static Knob ReadKnob(JsonElement e)
    {
        var name = Str(e, "name");
        var actuator = ReadActuator(Req(e, "actuator"));
        return Str(e, "type") switch
        {
            "int" => new IntKnob(name, Long(e, "min"), Long(e, "max"), Long(e, "step"), Bool(e, "log"),
                Opt(e, "stock")?.GetInt64(), actuator),
            "float" => new FloatKnob(name, Dbl(e, "min"), Dbl(e, "max"), OptDbl(e, "step"), Bool(e, "log"), OptDbl(e, "stock"), actuator),
            "choice" => new ChoiceKnob(name, ReadList(Req(e, "choices"), ReadString), OptStr(e, "stock"), actuator),
            "bool" => new BoolKnob(name, Opt(e, "stock")?.GetBoolean(), actuator),
            var t => throw new JsonException("a knob of unknown type " + t),
        };
    }

    private static string Wire(Better b) => b == Better.Higher ? "higher" : "lower";

    private static string Wire(KpiRole r) => r switch { KpiRole.Perf => "perf", KpiRole.P95 => "p95", _ => "watts" };

    public static void Write(Utf8JsonWriter w, Kpi k)
    {
        w.WriteStartObject();
        w.WriteString("name", k.Name);
        w.WriteString("unit", k.Unit);
        w.WriteString("better", Wire(k.Better));
        String(w, "role", k.Role is { } r ? Wire(r) : null);
        w.WriteEndObject();
    }

    public static Kpi ReadKpi(JsonElement e) =>
        new(Str(e, "name"), Str(e, "unit"), Str(e, "better") == "higher" ? Better.Higher : Better.Lower,
            OptStr(e, "role") switch
            {
                null => null,
                "perf" => KpiRole.Perf,
                "p95" => KpiRole.P95,
                "watts" => KpiRole.Watts,
                var r => throw new JsonException("unknown KPI role " + r),
            });

    public static void Write(Utf8JsonWriter w, DomainSpec d)
    {
        w.WriteStartObject();
        w.WriteString("name", d.Name);
        w.WriteString("description", d.Description);
        List(w, "knobs", d.Knobs, Write);
        Map(w, "kpis", d.Kpis, Write);
        Map(w, "weights", d.Weights, Doubles);
        w.WriteEndObject();
    }

    public static DomainSpec ReadDomainSpec(JsonElement e) =>
        new(Str(e, "name"), Str(e, "description"), ReadList(Req(e, "knobs"), ReadKnob), ReadMap(Req(e, "kpis"), ReadKpi),
            ReadMap(Req(e, "weights"), ReadDouble));

    public static void Write(Utf8JsonWriter w, RegimeSpec r)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Name);
        w.WritePropertyName("workload");
        w.WriteStartObject();
        w.WriteString("kind", r.Workload.Kind);
        w.WritePropertyName("params");
        Canonical(w, r.Workload.Params);
        w.WriteEndObject();
        Double(w, "duration_s", r.DurationS);
        Double(w, "weight", r.Weight);
        w.WriteEndObject();
    }

    public static RegimeSpec ReadRegime(JsonElement e)
    {
        var wl = Req(e, "workload");
        return new RegimeSpec(Str(e, "name"), new WorkloadSpec(Str(wl, "kind"), ReadCanonicalMap(Req(wl, "params"))),
            Dbl(e, "duration_s"), Dbl(e, "weight"));
    }

    public static void Write(Utf8JsonWriter w, ExecutionSpec x)
    {
        w.WriteStartObject();
        w.WriteNumber("trials", x.Trials);
        Double(w, "warmup_s", x.WarmupS);
        Double(w, "trial_delay_s", x.TrialDelayS);
        w.WriteNumber("retries", x.Retries);
        Double(w, "timeout_multiplier", x.TimeoutMultiplier);
        w.WriteEndObject();
    }

    public static ExecutionSpec ReadExecution(JsonElement e) =>
        new(Int(e, "trials"), Dbl(e, "warmup_s"), Dbl(e, "trial_delay_s"), Int(e, "retries"), Dbl(e, "timeout_multiplier"));

    public static void Write(Utf8JsonWriter w, Cap c)
    {
        w.WriteStartObject();
        w.WriteString("kpi", c.Kpi);
        NullableDouble(w, "min", c.Min);
        NullableDouble(w, "max", c.Max);
        w.WriteEndObject();
    }

    public static Cap ReadCap(JsonElement e) => new(Str(e, "kpi"), OptDbl(e, "min"), OptDbl(e, "max"));

    public static void Write(Utf8JsonWriter w, GlobalCaps g)
    {
        w.WriteStartObject();
        w.WriteNumber("max_trial_failures", g.MaxTrialFailures);
        Double(w, "max_trial_duration_s", g.MaxTrialDurationS);
        w.WriteNumber("min_successful_trials", g.MinSuccessfulTrials);
        w.WriteEndObject();
    }

    public static GlobalCaps ReadGlobal(JsonElement e) =>
        new(Int(e, "max_trial_failures"), Dbl(e, "max_trial_duration_s"), Int(e, "min_successful_trials"));

    public static void Write(Utf8JsonWriter w, Tolerance t)
    {
        w.WriteStartObject();
        Double(w, "perf_improvement_pct", t.PerfImprovementPct);
        Double(w, "latency_regression_pct", t.LatencyRegressionPct);
        Double(w, "power_regression_pct", t.PowerRegressionPct);
        w.WriteEndObject();
    }

    public static Tolerance ReadTolerance(JsonElement e) =>
        new(Dbl(e, "perf_improvement_pct"), Dbl(e, "latency_regression_pct"), Dbl(e, "power_regression_pct"));

    public static void Write(Utf8JsonWriter w, EvolutionParams p)
    {
        w.WriteStartObject();
        w.WriteString("strategy", p.Strategy);
        w.WriteNumber("population", p.Population);
        w.WriteNumber("elites", p.Elites);
        w.WriteNumber("tournament", p.Tournament);
        Double(w, "crossover", p.Crossover);
        Double(w, "mutation_rate", p.MutationRate);
        Double(w, "mutation_sigma", p.MutationSigma);
        w.WriteString("init", p.Init);
        // Written only when on, so that a run without operators journals what it did before they existed.
        if (p.Operators) w.WriteBoolean("operators", true);
        w.WriteEndObject();
    }

    public static EvolutionParams ReadEvolution(JsonElement e) =>
        new(Str(e, "strategy"), Int(e, "population"), Int(e, "elites"), Int(e, "tournament"), Dbl(e, "crossover"),
            Dbl(e, "mutation_rate"), Dbl(e, "mutation_sigma"), Str(e, "init")) { Operators = Opt(e, "operators")?.GetBoolean() ?? false };

    // ---- runs ----

    public static void Write(Utf8JsonWriter w, RunSpec.DomainPlan p)
    {
        w.WriteStartObject();
        w.WritePropertyName("domain");
        Write(w, p.Domain);
        List(w, "regimes", p.Regimes, Write);
        w.WritePropertyName("execution");
        Write(w, p.Execution);
        Map(w, "caps", p.Caps, Write);
        w.WritePropertyName("global");
        Write(w, p.Global);
        w.WritePropertyName("tolerance");
        Write(w, p.Tolerance);
        w.WritePropertyName("evolution");
        Write(w, p.Evolution);
        w.WriteEndObject();
    }

    public static RunSpec.DomainPlan ReadPlan(JsonElement e) =>
        new(ReadDomainSpec(Req(e, "domain")), ReadList(Req(e, "regimes"), ReadRegime), ReadExecution(Req(e, "execution")),
            ReadMap(Req(e, "caps"), ReadCap), ReadGlobal(Req(e, "global")), ReadTolerance(Req(e, "tolerance")),
            ReadEvolution(Req(e, "evolution")));

    public static void Write(Utf8JsonWriter w, RunSpec r)
    {
        w.WriteStartObject();
        w.WriteString("run_id", r.RunId);
        w.WriteNumber("seed", r.Seed);
        List(w, "domains", r.Domains, Strings);
        w.WriteNumber("generations", r.Generations);
        w.WriteBoolean("allow_system_changes", r.AllowSystemChanges);
        w.WriteString("node_class", r.NodeClass);
        w.WriteString("started_at_utc", r.StartedAtUtc);
        w.WriteString("dream_version", r.DreamVersion);
        w.WriteString("code_hash", r.CodeHash);
        Map(w, "config_hashes", r.ConfigHashes, Strings);
        w.WritePropertyName("settings");
        Canonical(w, r.Settings);
        Map(w, "plans", r.Plans, Write);
        List(w, "nodes", r.Nodes, Strings);
        w.WriteEndObject();
    }

    public static RunSpec ReadRunSpec(JsonElement e) =>
        new(Str(e, "run_id"), Long(e, "seed"), ReadList(Req(e, "domains"), ReadString), Int(e, "generations"),
            Bool(e, "allow_system_changes"), Str(e, "node_class"), Str(e, "started_at_utc"), Str(e, "dream_version"),
            Str(e, "code_hash"), ReadMap(Req(e, "config_hashes"), ReadString), ReadCanonicalMap(Req(e, "settings")),
            ReadMap(Req(e, "plans"), ReadPlan), ReadList(Req(e, "nodes"), ReadString));

    // ---- trials ----

    public static void Write(Utf8JsonWriter w, CapBreach b)
    {
        w.WriteStartObject();
        w.WriteString("regime", b.Regime);
        w.WriteNumber("trial", b.Trial);
        w.WriteString("kpi", b.Kpi);
        Double(w, "value", b.Value);
        Double(w, "limit", b.Limit);
        w.WriteString("bound", b.Bound);
        Double(w, "at_s", b.AtS);
        w.WriteEndObject();
    }

    public static CapBreach ReadCapBreach(JsonElement e) =>
        new(Str(e, "regime"), Int(e, "trial"), Str(e, "kpi"), Dbl(e, "value"), Dbl(e, "limit"), Str(e, "bound"), Dbl(e, "at_s"));

    public static void Write(Utf8JsonWriter w, TrialResult r)
    {
        w.WriteStartObject();
        w.WriteString("trial_id", r.TrialId);
        w.WriteString("outcome", r.Outcome.ToWire());
        Map(w, "kpis", r.Kpis, Doubles);
        Map(w, "unavailable", r.Unavailable, Strings);
        List(w, "cap_breaches", r.CapBreaches, Write);
        String(w, "error", r.Error);
        Double(w, "duration_s", r.DurationS);
        String(w, "node", r.Node);
        w.WriteEndObject();
    }

    public static TrialResult ReadTrialResult(JsonElement e) =>
        new(Str(e, "trial_id"), TrialOutcomeNames.Parse(Str(e, "outcome")), ReadMap(Req(e, "kpis"), ReadDouble),
            ReadMap(Req(e, "unavailable"), ReadString), ReadList(Req(e, "cap_breaches"), ReadCapBreach), OptStr(e, "error"),
            Dbl(e, "duration_s"), OptStr(e, "node")!);

    // ---- baselines ----

    public static void Write(Utf8JsonWriter w, Baseline b)
    {
        w.WriteStartObject();
        w.WriteString("baseline_id", b.BaselineId);
        Map(w, "means", b.Means, Doubles);
        Map(w, "trials", b.Trials, DoubleLists);
        w.WriteEndObject();
    }

    public static Baseline ReadBaseline(JsonElement e) =>
        new(Str(e, "baseline_id"), ReadMap(Req(e, "means"), ReadDouble), ReadDoubleLists(Req(e, "trials")));

    public static void Write(Utf8JsonWriter w, BaselineRecord r)
    {
        w.WriteStartObject();
        w.WriteString("domain", r.Domain);
        w.WriteString("regime", r.Regime);
        Map(w, "kpis", r.Kpis, Doubles);
        Map(w, "ci95", r.Ci95, DoubleLists);
        w.WriteNumber("trials", r.Trials);
        w.WritePropertyName("genome");
        Write(w, r.Genome);
        w.WriteString("node_class", r.NodeClass);
        w.WriteString("code_hash", r.CodeHash);
        w.WriteString("timestamp", r.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteString("baseline_id", r.BaselineId);
        w.WriteEndObject();
    }

    public static BaselineRecord ReadBaselineRecord(JsonElement e) =>
        new(Str(e, "domain"), Str(e, "regime"), ReadMap(Req(e, "kpis"), ReadDouble), ReadDoubleLists(Req(e, "ci95")),
            Int(e, "trials"), ReadGenome(Req(e, "genome")), Str(e, "node_class"), Str(e, "code_hash"),
            DateTimeOffset.Parse(Str(e, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            Str(e, "baseline_id"));

    public static void Write(Utf8JsonWriter w, BaselineStore.Stored s)
    {
        w.WriteStartObject();
        w.WritePropertyName("baseline");
        Write(w, s.Baseline);
        w.WritePropertyName("record");
        Write(w, s.Record);
        w.WriteString("fingerprint", s.Fingerprint);
        w.WriteEndObject();
    }

    public static BaselineStore.Stored ReadStored(JsonElement e) =>
        new(ReadBaseline(Req(e, "baseline")), ReadBaselineRecord(Req(e, "record")), Str(e, "fingerprint"));

    // ---- candidate packs: the candidate_pack.v2 fields ----

    public static void Write(Utf8JsonWriter w, CandidatePack p)
    {
        w.WriteStartObject();
        w.WriteString("schema", p.Schema);
        w.WriteString("run_id", p.RunId);
        w.WriteString("domain", p.Domain);
        w.WriteString("cand_id", p.CandId);
        w.WriteNumber("generation", p.Generation);
        w.WritePropertyName("genome");
        Write(w, p.Genome);
        w.WriteString("node_class", p.NodeClass);
        List(w, "regimes", p.Regimes, Write);
        w.WritePropertyName("aggregate");
        w.WriteStartObject();
        Map(w, "means", p.Aggregate.Means, (w2, m) => Map(w2, m, Doubles));
        NullableDouble(w, "score_v2", p.Aggregate.ScoreV2);
        List(w, "score_ci95", p.Aggregate.ScoreCi95, Doubles);
        w.WriteBoolean("improves_over_baseline", p.Aggregate.ImprovesOverBaseline);
        w.WriteEndObject();
        w.WriteBoolean("safe", p.Safe);
        Map(w, "risk_profile", p.RiskProfile, Doubles);
        List(w, "kpis_unavailable", p.KpisUnavailable, Strings);
        Map(w, "unavailable_reasons", p.UnavailableReasons, Strings);
        w.WriteString("created_at_utc", p.CreatedAtUtc);
        // Raced packs only: a full run's packs are journaled exactly as before.
        if (p.Evidence is { } ev)
        {
            w.WritePropertyName("evidence");
            w.WriteStartObject();
            w.WriteNumber("trials", ev.Trials);
            w.WriteNumber("blocks", ev.Blocks);
            w.WriteString("stopped", ev.Stopped);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void Map<T>(Utf8JsonWriter w, IEnumerable<KeyValuePair<string, T>> map, Action<Utf8JsonWriter, T> value)
    {
        w.WriteStartObject();
        foreach (var (k, v) in map)
        {
            w.WritePropertyName(k);
            value(w, v);
        }
        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, PackRegime r)
    {
        w.WriteStartObject();
        w.WriteString("regime", r.Regime);
        w.WriteNumber("trials", r.Trials);
        w.WriteNumber("trials_failed", r.TrialsFailed);
        Map(w, "kpis", r.Kpis, DoubleLists);
        w.WritePropertyName("baseline");
        if (r.Baseline == null) w.WriteNullValue();
        else
        {
            w.WriteStartObject();
            foreach (var (k, v) in r.Baseline.Means) Double(w, k, v);
            w.WriteString("baseline_id", r.Baseline.BaselineId);
            w.WriteEndObject();
        }
        Map(w, "delta", r.Delta, DoubleLists);
        Map(w, "ci95", r.Ci95, DoubleLists);
        w.WriteString("ci_method", r.CiMethod.ToWire());
        w.WriteBoolean("safe", r.Safe);
        List(w, "cap_breaches", r.CapBreaches, (w2, b) =>
        {
            w2.WriteStartObject();
            w2.WriteString("regime", b.Regime);
            w2.WriteNumber("trial", b.Trial);
            w2.WriteString("kpi", b.Kpi);
            Double(w2, "value", b.Value);
            Double(w2, "limit", b.Limit);
            w2.WriteString("bound", b.Bound);
            Double(w2, "at_s", b.AtS);
            w2.WriteEndObject();
        });
        Map(w, "unavailable_reasons", r.UnavailableReasons, Strings);
        w.WriteEndObject();
    }

    private static PackRegime ReadPackRegime(JsonElement e)
    {
        PackBaseline? baseline = null;
        if (Opt(e, "baseline") is { } b)
        {
            var means = new Dictionary<string, double>();
            string? id = null;
            foreach (var p in b.EnumerateObject())
            {
                if (p.Name == "baseline_id") id = p.Value.GetString();
                else means[p.Name] = ReadDouble(p.Value);
            }
            baseline = new PackBaseline(id ?? throw new JsonException("a pack baseline without baseline_id"), means);
        }
        var breaches = ReadList(Req(e, "cap_breaches"), x => new PackCapBreach(Str(x, "regime"), Int(x, "trial"), Str(x, "kpi"),
            Dbl(x, "value"), Dbl(x, "limit"), Str(x, "bound"), Dbl(x, "at_s")));
        // A pack journaled before unavailable_reasons existed has none: empty, not missing.
        var reasons = Opt(e, "unavailable_reasons") is { } u ? ReadMap(u, ReadString) : new Dictionary<string, string>();
        return new PackRegime(Str(e, "regime"), Int(e, "trials"), Int(e, "trials_failed"), ReadDoubleLists(Req(e, "kpis")), baseline,
            Opt(e, "delta") is { } d ? ReadDoubleLists(d) : null, ReadDoubleLists(Req(e, "ci95")), CiMethodNames.Parse(Str(e, "ci_method")),
            Bool(e, "safe"), breaches, reasons);
    }

    public static CandidatePack ReadPack(JsonElement e)
    {
        var agg = Req(e, "aggregate");
        var aggregate = new PackAggregate(
            ReadMap(Req(agg, "means"), m => (IReadOnlyDictionary<string, double>)ReadMap(m, ReadDouble)),
            OptDbl(agg, "score_v2"), Opt(agg, "score_ci95") is { } ci ? ReadDoubles(ci) : null, Bool(agg, "improves_over_baseline"));
        // A pack of an older build lacks unavailable_reasons and lists held knobs among the KPIs it could not measure:
        // those move to the reasons, as CandidatePack itself does with them.
        var reasons = Opt(e, "unavailable_reasons") is { } u ? ReadMap(u, ReadString) : new Dictionary<string, string>();
        var kpis = new List<string>();
        foreach (var name in ReadList(Req(e, "kpis_unavailable"), ReadString))
        {
            if (RegimeEvidence.IsHeldKnob(name)) reasons.TryAdd(name, CandidatePack.HeldWithoutReason);
            else kpis.Add(name);
        }
        return new CandidatePack(Str(e, "schema"), Str(e, "run_id"), Str(e, "domain"), Str(e, "cand_id"), Int(e, "generation"),
            ReadGenome(Req(e, "genome")), Str(e, "node_class"), ReadList(Req(e, "regimes"), ReadPackRegime), aggregate,
            Bool(e, "safe"), ReadMap(Req(e, "risk_profile"), ReadDouble), kpis.AsReadOnly(),
            new SortedDictionary<string, string>(reasons, StringComparer.Ordinal), Str(e, "created_at_utc"))
        {
            Evidence = Opt(e, "evidence") is { } ev ? new PackEvidence(Int(ev, "trials"), Int(ev, "blocks"), Str(ev, "stopped")) : null,
        };
    }

    // ---- the coordinator's state (snapshots) ----

    public static void Write(Utf8JsonWriter w, DomainState s)
    {
        w.WriteStartObject();
        w.WritePropertyName("run");
        if (s.Run == null) w.WriteNullValue();
        else Write(w, s.Run);
        String(w, "domain", s.Domain);
        Map(w, "baselines", s.Baselines, Write);
        Map(w, "baseline_trials", s.BaselineTrials, Write);
        w.WriteNumber("generation", s.Generation);
        w.WriteBoolean("generation_completed", s.GenerationCompleted);
        List(w, "candidates", s.Candidates, (w2, c) =>
        {
            w2.WriteStartObject();
            w2.WriteString("cand_id", c.CandId);
            w2.WritePropertyName("genome");
            Write(w2, c.Genome);
            Map(w2, "results", c.Results, Write);
            w2.WriteBoolean("assessed", c.Assessed);
            NullableDouble(w2, "score", c.Score);
            // Raced runs only: the snapshot of a full run is written as before.
            if (c.Elimination is { } x)
            {
                w2.WritePropertyName("elimination");
                Write(w2, x);
            }
            // Runs that reused evidence only (EvidenceStore), as for eliminations.
            if (c.Reused.Count > 0) List(w2, "reused", c.Reused.Order(StringComparer.Ordinal), Strings);
            w2.WriteEndObject();
        });
        List(w, "history", s.History, (w2, generation) => List(w2, generation, WriteScored));
        Map(w, "assessed_by_genome", s.AssessedByGenome, Strings);
        Map(w, "packs", s.Packs, Write);
        String(w, "best_cand_id", s.BestCandId);
        NullableDouble(w, "best_score", s.BestScore);
        w.WriteNumber("trials_recorded", s.TrialsRecorded);
        if (s.TrialsReused > 0) w.WriteNumber("trials_reused", s.TrialsReused);
        if (s.ProposedAtUtc != null) w.WriteString("proposed_at_utc", s.ProposedAtUtc);
        // Bandit runs only: the snapshot of a full or raced run is written as before.
        if (s.BanditChoices.Count > 0)
            List(w, "bandit_choices", s.BanditChoices, (w2, b) =>
            {
                w2.WriteStartObject();
                WriteBody(w2, b);
                w2.WriteString("at_utc", b.AtUtc);
                w2.WriteEndObject();
            });
        String(w, "finished", s.Finished);
        w.WriteEndObject();
    }

    private static void List<T>(Utf8JsonWriter w, IEnumerable<T> list, Action<Utf8JsonWriter, T> value)
    {
        w.WriteStartArray();
        foreach (var v in list) value(w, v);
        w.WriteEndArray();
    }

    private static void WriteScored(Utf8JsonWriter w, ScoredCandidate s)
    {
        w.WriteStartObject();
        w.WritePropertyName("genome");
        Write(w, s.Genome);
        NullableDouble(w, "score", s.Score);
        w.WriteEndObject();
    }

    public static DomainState ReadDomainState(JsonElement e)
    {
        var s = new DomainState
        {
            Run = Opt(e, "run") is { } run ? ReadRunSpec(run) : null,
            Domain = OptStr(e, "domain"),
            Baselines = Opt(e, "baselines") is { } b ? ReadMap(b, ReadBaseline) : null,
            BaselineTrials = ReadMap(Req(e, "baseline_trials"), ReadTrialResult),
            Generation = Int(e, "generation"),
            GenerationCompleted = Bool(e, "generation_completed"),
            History = Req(e, "history").EnumerateArray()
                .Select(g => (IReadOnlyList<ScoredCandidate>)ReadList(g, x => new ScoredCandidate(ReadGenome(Req(x, "genome")), OptDbl(x, "score"))))
                .ToList(),
            AssessedByGenome = ReadMap(Req(e, "assessed_by_genome"), ReadString),
            Packs = ReadMap(Req(e, "packs"), ReadPack),
            BestCandId = OptStr(e, "best_cand_id"),
            BestScore = OptDbl(e, "best_score"),
            TrialsRecorded = Long(e, "trials_recorded"),
            TrialsReused = Opt(e, "trials_reused") is { } reused ? reused.GetInt64() : 0,
            ProposedAtUtc = OptStr(e, "proposed_at_utc"),
            Finished = OptStr(e, "finished"),
            BanditChoices = Opt(e, "bandit_choices") is { } bc ? ReadList(bc, ReadBanditChosen).ToList() : new(),
        };
        s.Candidates = Req(e, "candidates").EnumerateArray().Select(c => new DomainState.Candidate(Str(c, "cand_id"), ReadGenome(Req(c, "genome")))
        {
            Results = ReadMap(Req(c, "results"), ReadTrialResult),
            Assessed = Bool(c, "assessed"),
            Score = OptDbl(c, "score"),
            Elimination = Opt(c, "elimination") is { } x ? ReadCandidateEliminated(x) : null,
            Reused = Opt(c, "reused") is { } r ? new HashSet<string>(ReadList(r, ReadString), StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
        }).ToList();
        return s;
    }

    // ---- events ----

    public static void Write(Utf8JsonWriter w, DomainEvent e)
    {
        w.WriteStartObject();
        switch (e)
        {
            case DomainEvent.Started s:
                w.WritePropertyName("run");
                Write(w, s.Run);
                w.WriteString("domain", s.Domain);
                break;
            case DomainEvent.BaselinesFixed b:
                Map(w, "baselines", b.Baselines, Write);
                Map(w, "records", b.Records, Write);
                break;
            case DomainEvent.GenerationProposed g:
                w.WriteNumber("generation", g.Generation);
                List(w, "genomes", g.Genomes, Write);
                break;
            case DomainEvent.TrialsRecorded t:
                List(w, "results", t.Results, Write);
                break;
            case DomainEvent.TrialsReused r:
                EvidenceJson.WriteBody(w, r);
                break;
            case DomainEvent.CandidateAssessed a:
                w.WriteNumber("generation", a.Generation);
                w.WriteString("cand_id", a.CandId);
                w.WritePropertyName("pack");
                Write(w, a.Pack);
                NullableDouble(w, "score", a.Score);
                String(w, "reused_from", a.ReusedFrom);
                break;
            case DomainEvent.CandidateEliminated x:
                w.WriteNumber("generation", x.Generation);
                w.WriteString("cand_id", x.CandId);
                w.WriteNumber("block", x.Block);
                w.WriteString("test", x.Test);
                NullableDouble(w, "statistic", x.Statistic);
                NullableDouble(w, "p_value", x.PValue);
                String(w, "compared_with", x.ComparedWith);
                break;
            case DomainEvent.OperatorDecided o:
                w.WriteNumber("generation", o.Generation);
                w.WriteString("operator", o.Operator);
                w.WriteString("rule", o.Rule);
                w.WriteNumber("count", o.Count);
                Double(w, "expected_gain", o.ExpectedGain);
                break;
            case DomainEvent.BanditChosen b:
                WriteBody(w, b);
                break;
            case DomainEvent.AnomalyDetected a:
                w.WriteNumber("generation", a.Generation);
                w.WriteString("kind", a.Kind);
                w.WriteString("subject", a.Subject);
                Double(w, "value", a.Value);
                Double(w, "threshold", a.Threshold);
                w.WriteString("detail", a.Detail);
                break;
            case DomainEvent.GenerationCompleted g:
                w.WriteNumber("generation", g.Generation);
                String(w, "best_cand_id", g.BestCandId);
                NullableDouble(w, "best_score", g.BestScore);
                List(w, "best_score_ci95", g.BestScoreCi95, Doubles);
                w.WriteNumber("safe", g.Safe);
                w.WriteNumber("evaluated", g.Evaluated);
                break;
            case DomainEvent.Finished f:
                w.WriteString("outcome", f.Outcome);
                String(w, "best_cand_id", f.BestCandId);
                NullableDouble(w, "best_score", f.BestScore);
                break;
            default:
                throw new ArgumentException("no journal form for " + e.GetType().Name);
        }
        w.WriteString("at_utc", e.AtUtc);
        w.WriteEndObject();
    }

    public static DomainEvent.Started ReadStarted(JsonElement e) => new(ReadRunSpec(Req(e, "run")), Str(e, "domain"), Str(e, "at_utc"));

    public static DomainEvent.BaselinesFixed ReadBaselinesFixed(JsonElement e) =>
        new(ReadMap(Req(e, "baselines"), ReadBaseline), ReadMap(Req(e, "records"), ReadBaselineRecord), Str(e, "at_utc"));

    public static DomainEvent.GenerationProposed ReadGenerationProposed(JsonElement e) =>
        new(Int(e, "generation"), ReadList(Req(e, "genomes"), ReadGenome), Str(e, "at_utc"));

    public static DomainEvent.TrialsRecorded ReadTrialsRecorded(JsonElement e) =>
        new(ReadList(Req(e, "results"), ReadTrialResult), Str(e, "at_utc"));

    public static DomainEvent.CandidateAssessed ReadCandidateAssessed(JsonElement e) =>
        new(Int(e, "generation"), Str(e, "cand_id"), ReadPack(Req(e, "pack")), OptDbl(e, "score"), OptStr(e, "reused_from"),
            Str(e, "at_utc"));

    public static DomainEvent.GenerationCompleted ReadGenerationCompleted(JsonElement e) =>
        new(Int(e, "generation"), OptStr(e, "best_cand_id"), OptDbl(e, "best_score"),
            Opt(e, "best_score_ci95") is { } ci ? ReadDoubles(ci) : null, Int(e, "safe"), Int(e, "evaluated"), Str(e, "at_utc"));

    public static DomainEvent.CandidateEliminated ReadCandidateEliminated(JsonElement e) =>
        new(Int(e, "generation"), Str(e, "cand_id"), Int(e, "block"), Str(e, "test"), OptDbl(e, "statistic"), OptDbl(e, "p_value"),
            OptStr(e, "compared_with"), Str(e, "at_utc"));

    public static DomainEvent.OperatorDecided ReadOperatorDecided(JsonElement e) =>
        new(Int(e, "generation"), Str(e, "operator"), Str(e, "rule"), Int(e, "count"), Dbl(e, "expected_gain"), Str(e, "at_utc"));

    private static void WriteBody(Utf8JsonWriter w, DomainEvent.BanditChosen b)
    {
        w.WriteNumber("generation", b.Generation);
        w.WriteString("strategy", b.Strategy);
        w.WriteNumber("decision", b.Decision);
        w.WriteNumber("slot", b.Slot);
        w.WriteString("cand_id", b.CandId);
        w.WriteNumber("block", b.Block);
        // an arm not yet measured has an infinite UCB or ε-greedy index: Double writes it as text
        Map(w, "indexes", b.Indexes, Double);
        List(w, "alternatives", b.Alternatives, Strings);
        String(w, "stream", b.Stream);
    }

    public static DomainEvent.BanditChosen ReadBanditChosen(JsonElement e) =>
        new(Int(e, "generation"), Str(e, "strategy"), Int(e, "decision"), Int(e, "slot"), Str(e, "cand_id"), Int(e, "block"),
            ReadMap(Req(e, "indexes"), ReadDouble), ReadList(Req(e, "alternatives"), ReadString), OptStr(e, "stream"), Str(e, "at_utc"));

    public static DomainEvent.AnomalyDetected ReadAnomalyDetected(JsonElement e) =>
        new(Int(e, "generation"), Str(e, "kind"), Str(e, "subject"), Dbl(e, "value"), Dbl(e, "threshold"), Str(e, "detail"),
            Str(e, "at_utc"));

    public static DomainEvent.Finished ReadFinished(JsonElement e) =>
        new(Str(e, "outcome"), OptStr(e, "best_cand_id"), OptDbl(e, "best_score"), Str(e, "at_utc"));

    public static void Write(Utf8JsonWriter w, RunRegistry.Created c)
    {
        w.WriteStartObject();
        w.WritePropertyName("spec");
        Write(w, c.Spec);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, RunRegistry.State s)
    {
        w.WriteStartObject();
        w.WritePropertyName("spec");
        if (s.Spec == null) w.WriteNullValue();
        else Write(w, s.Spec);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, BaselineStore.Event e)
    {
        w.WriteStartObject();
        switch (e)
        {
            case BaselineStore.Recorded r:
                w.WritePropertyName("stored");
                Write(w, r.Stored);
                break;
            case BaselineStore.Retired r:
                w.WriteString("reason", r.Reason);
                w.WriteString("at_utc", r.AtUtc);
                break;
            default:
                throw new ArgumentException("no journal form for " + e.GetType().Name);
        }
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, BaselineStore.State s)
    {
        w.WriteStartObject();
        Map(w, "by_regime", s.ByRegime, Write);
        w.WriteEndObject();
    }

    public static BaselineStore.State ReadBaselineStoreState(JsonElement e)
    {
        var s = new BaselineStore.State();
        foreach (var (k, v) in ReadMap(Req(e, "by_regime"), ReadStored)) s.ByRegime[k] = v;
        return s;
    }
}
