using System.Text.Json.Nodes;
using Dream.Core.Domain;
using Dream.Core.Packs;
using Dream.Core.Scoring;
using Dream.Core.Statistics;
using static Dream.Core.Tests.Packs.PackFixtures;

namespace Dream.Core.Tests.Packs;

public class CandidatePackTests
{
    private static JsonObject Tree(object value) => (JsonObject)Json.Tree(value)!;

    private static string Errors(IReadOnlyList<string> errors) => "[" + string.Join("; ", errors) + "]";

    [Fact]
    public void A_scored_pack_has_the_contract_fields_in_order_and_validates()
    {
        var p = Pack(false, true);
        var json = Json.Parse(Json.Pretty(p));
        Assert.Empty(Validate(json));
        Assert.Equal(["schema", "run_id", "domain", "cand_id", "generation", "genome", "node_class", "regimes",
            "aggregate", "safe", "risk_profile", "kpis_unavailable", "unavailable_reasons", "created_at_utc"], Keys(json));
        var idle = json["regimes"]![0]!;
        Assert.Equal(["regime", "trials", "trials_failed", "kpis", "baseline", "delta", "ci95", "ci_method", "safe",
            "cap_breaches", "unavailable_reasons"], Keys(idle));
        Assert.Empty((JsonObject)idle["unavailable_reasons"]!);
        Assert.Equal(["means", "score_v2", "score_ci95", "improves_over_baseline"], Keys(json["aggregate"]));
        Assert.Equal("candidate_pack.v2", (string?)json["schema"]);
        Assert.Equal("2025-10-08T15:52:17Z", (string?)json["created_at_utc"]);
        Assert.Equal(1, (int)idle["trials_failed"]!);
        Assert.Equal("student-t", (string?)idle["ci_method"]);
        Assert.Equal(["perf", "p95_ms", "watts", "baseline_id"], Keys(idle["baseline"]));
        Assert.Equal("sim_idle_2025-10-08T15-46-00Z", (string?)idle["baseline"]!["baseline_id"]);
        Assert.Equal(600 - 500.0, (double)idle["delta"]!["perf"]![0]!, 1e-9);
        Assert.Equal(2, ((JsonArray)idle["ci95"]!["perf"]!).Count);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, json["aggregate"]!["score_v2"]!.GetValueKind());
        Assert.True(((JsonObject)json["aggregate"]!["means"]!["perf"]!).ContainsKey("overall"));
        Assert.Equal(12, (int)json["genome"]!["threads"]!);
    }

    [Fact]
    public void The_pretty_form_is_the_java_trees_layout()
    {
        var text = Json.Pretty(Pack(false, true));
        Assert.StartsWith("{\n  \"schema\": \"candidate_pack.v2\",\n  \"run_id\": \"2025-10-08T15-46-00_rk3x9q0\",\n", text);
        Assert.Contains("\n  \"genome\": {\n    \"threads\": 12,\n    \"util\": 0.75,\n    \"governor\": \"performance\",\n    \"smt\": true\n  },\n", text);
        Assert.Contains("\n  \"regimes\": [ {\n    \"regime\": \"idle\",\n    \"trials\": 3,\n", text);
        Assert.Contains("\"perf\": [ 600.0, 606.0, 594.0 ]", text);
        Assert.Contains("\"cap_breaches\": [ ],", text);
        Assert.Contains("\"unavailable_reasons\": { }\n  }, {\n    \"regime\": \"stress\",", text);
        Assert.Contains("\n  } ],\n  \"aggregate\": {\n    \"means\": {\n      \"perf\": {\n        \"idle\": 600.0,", text);
        Assert.Contains("\"kpis_unavailable\": [ ],", text);
        Assert.EndsWith("\n  \"created_at_utc\": \"2025-10-08T15:52:17Z\"\n}", text);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void Packs_read_back_equal()
    {
        var p = Pack(false, true);
        Assert.Equal(p, Json.Read<CandidatePack>(Json.Pretty(p)));
        Assert.Equal(Json.Pretty(p), Json.Pretty(Json.Read<CandidatePack>(Json.Pretty(p))));
        var @unsafe = Pack(true, true);
        Assert.Equal(@unsafe, Json.Read<CandidatePack>(Json.Compact(@unsafe)));
    }

    [Fact]
    public void An_unsafe_pack_has_null_score_and_validates()
    {
        var json = Tree(Pack(true, true));
        Assert.Empty(Validate(json));
        Assert.False((bool)json["safe"]!);
        Assert.Null(json["aggregate"]!["score_v2"]);
        Assert.Null(json["aggregate"]!["score_ci95"]);
        var breach = json["regimes"]![1]!["cap_breaches"]![0];
        Assert.Equal(["regime", "trial", "kpi", "value", "limit", "bound", "at_s"], Keys(breach));
        Assert.False((bool)json["regimes"]![1]!["safe"]!);
    }

    [Fact]
    public void A_pack_without_baselines_validates()
    {
        var json = Tree(Pack(false, false));
        Assert.Empty(Validate(json));
        Assert.Null(json["regimes"]![0]!["baseline"]);
        Assert.Null(json["regimes"]![0]!["delta"]);
    }

    [Fact]
    public void A_missing_field_fails_validation()
    {
        var json = Tree(Pack(false, true));
        json.Remove("created_at_utc");
        var errors = Validate(json);
        Assert.True(errors.Count == 1, Errors(errors));
        Assert.Contains("created_at_utc", errors[0]);
        var regime = Tree(Pack(false, true));
        ((JsonObject)regime["regimes"]![0]!).Remove("ci_method");
        Assert.True(Validate(regime).Any(e => e.Contains("ci_method")), Errors(Validate(regime)));
        var reasons = Tree(Pack(false, true));
        ((JsonObject)reasons["regimes"]![0]!).Remove("unavailable_reasons");
        Assert.True(Validate(reasons).Any(e => e.Contains("unavailable_reasons")), Errors(Validate(reasons)));
        var blankReason = Tree(Pack(false, true));
        ((JsonObject)blankReason["regimes"]![0]!["unavailable_reasons"]!)["p95_ms"] = "";
        Assert.NotEmpty(Validate(blankReason));
    }

    [Fact]
    public void A_nan_fails_both_the_writer_and_the_validator()
    {
        var json = Tree(Pack(false, true));
        ((JsonArray)json["regimes"]![0]!["kpis"]!["perf"]!)[1] = JsonValue.Create(double.NaN);
        var errors = Validate(json);
        Assert.True(errors.Any(e => e.Contains("$.regimes[0].kpis.perf[1]") && e.Contains("NaN")), Errors(errors));

        var p = Pack(false, true);
        var withNaN = new CandidatePack(p.Schema, p.RunId, p.Domain, p.CandId, p.Generation, p.Genome, p.NodeClass, p.Regimes,
            p.Aggregate, p.Safe, new Dictionary<string, double> { ["perf"] = double.NegativeInfinity }, p.KpisUnavailable,
            p.UnavailableReasons, p.CreatedAtUtc);
        var e = Assert.Throws<ArgumentException>(() => Json.Compact(withNaN));
        Assert.Contains("/risk_profile/perf", e.Message);
        Assert.Throws<ArgumentException>(() => Json.Read<CandidatePack>(Json.Compact(p).Replace("\"generation\":3", "\"generation\":NaN")));
    }

    [Fact]
    public void Unknown_fields_and_inconsistent_verdicts_fail()
    {
        var extra = Tree(Pack(false, true));
        extra["fitness"] = 1.0;
        Assert.NotEmpty(Validate(extra));
        Assert.Throws<ArgumentException>(() => Json.Read<CandidatePack>(Json.Compact(extra)));

        var unsafeWithScore = Tree(Pack(true, true));
        unsafeWithScore["aggregate"]!["score_v2"] = 0.3;
        Assert.NotEmpty(Validate(unsafeWithScore));

        var badRunId = Tree(Pack(false, true));
        badRunId["run_id"] = "2025-10-08T10-55-17_r317";
        Assert.NotEmpty(Validate(badRunId));
    }

    [Fact]
    public void The_schema_rejects_a_held_knob_where_a_kpi_belongs()
    {
        var listed = Tree(Pack(false, true));
        ((JsonArray)listed["kpis_unavailable"]!).Add("knob:governor");
        Assert.NotEmpty(Validate(listed));
        var risk = Tree(Pack(false, true));
        risk["risk_profile"]!["knob:governor"] = 1.0;
        Assert.NotEmpty(Validate(risk));
        var regimeValues = Tree(Pack(false, true));
        regimeValues["regimes"]![0]!["kpis"]!["knob:governor"] = new JsonArray(1.0);
        Assert.NotEmpty(Validate(regimeValues));
        var reason = Tree(Pack(false, true));
        reason["unavailable_reasons"]!["knob:governor"] = "idle: held at stock";
        reason["regimes"]![0]!["unavailable_reasons"]!["knob:governor"] = "held at stock";
        Assert.Empty(Validate(reason));
    }

    [Fact]
    public void The_pack_path_is_relative_to_the_run_directory()
    {
        Assert.Equal("candidates/sim/gen3_c4.json", Pack(false, true).RelativePath());
    }

    [Fact]
    public void A_reissued_pack_keeps_its_evidence_under_the_new_id()
    {
        var p = Pack(false, true);
        var r = p.Reissued("gen4_c0", 4);
        Assert.Equal("gen4_c0", r.CandId);
        Assert.Equal(4, r.Generation);
        Assert.Equal(p.Regimes, r.Regimes);
        Assert.Equal(p.Aggregate, r.Aggregate);
        Assert.Empty(Validate(Json.Tree(r)));
    }

    [Fact]
    public void A_pack_says_why_a_kpi_was_not_measured_and_which_knobs_were_held()
    {
        var p = Assessed(WithoutWatts(regime => regime == "idle"
            ? Reasons(("watts", "no RAPL powercap zone under /sys/class/powercap"), ("knob:governor", "held at stock"))
            : NoReasons));
        Assert.Equal(["watts"], p.KpisUnavailable);
        Assert.Equal("idle: no RAPL powercap zone under /sys/class/powercap", p.UnavailableReasons["watts"]);
        Assert.Equal("idle: held at stock", p.UnavailableReasons["knob:governor"]);
        Assert.True(Validate(Json.Tree(p)).Count == 0, Errors(Validate(Json.Tree(p))));
        AssertMap(Reasons(("watts", "no RAPL powercap zone under /sys/class/powercap"), ("knob:governor", "held at stock")),
            p.Regimes[0].UnavailableReasons);
        AssertMap(Reasons(("watts", "no value in any successful trial")), p.Regimes[1].UnavailableReasons);
    }

    /// <summary>
    /// Held knobs are not KPIs: in a run without --allow-system-changes every regime holds the same knobs, and they
    /// must not turn up as KPIs the node cannot measure, nor in any map keyed by KPI.
    /// </summary>
    [Fact]
    public void Knobs_held_at_stock_in_every_regime_are_reasons_but_never_kpis()
    {
        var ev = WithoutWatts(_ => Reasons(("watts", "no RAPL powercap zone under /sys/class/powercap"),
            ("knob:governor", "held at stock"), ("knob:smt", "held at stock")));
        var a = Scorer.Assess(PackFixtures.Domain(), Tolerance.Default, ev, CiOptions.Default, 1, "gen3_c4");
        var p = Assessed(ev);
        Assert.Equal(["watts"], p.KpisUnavailable);
        Assert.Equal("idle: held at stock", p.UnavailableReasons["knob:governor"]);
        Assert.Equal("idle: held at stock", p.UnavailableReasons["knob:smt"]);
        foreach (var r in p.Regimes)
        {
            Assert.Equal("held at stock", r.UnavailableReasons["knob:smt"]);
            foreach (var keys in new[] { r.Kpis.Keys, r.Ci95.Keys, r.Delta!.Keys })
                Assert.True(keys.All(k => !k.StartsWith("knob:")), r.Regime + ": " + string.Join(", ", keys));
        }
        Assert.DoesNotContain(p.RiskProfile.Keys, k => k.StartsWith("knob:"));
        Assert.DoesNotContain(p.Aggregate.Means.Keys, k => k.StartsWith("knob:"));
        Assert.DoesNotContain(a.Notes, n => n.Contains("knob:"));
        Assert.True(p.Aggregate.ScoreV2 is not null, string.Join("; ", a.Notes));
        Assert.Empty(Validate(Json.Tree(p)));
    }

    /// <summary>The stress regime runs a tool without request latency: its baseline has no p95 either.</summary>
    [Fact]
    public void A_pack_says_which_regime_lacked_a_kpi_that_other_regimes_score()
    {
        var ev = new List<RegimeEvidence>();
        foreach (var e in Evidence(false, true))
        {
            if (e.Regime == "idle")
            {
                ev.Add(e);
                continue;
            }
            var kpis = e.Kpis.Where(p => p.Key != "p95_ms").ToDictionary(p => p.Key, p => p.Value);
            var @base = e.Baseline!.Trials.Where(p => p.Key != "p95_ms").ToDictionary(p => p.Key, p => p.Value);
            ev.Add(new RegimeEvidence(e.Regime, e.Weight, e.Trials, e.TrialsFailed, kpis,
                Core.Scoring.Baseline.OfTrials(e.Baseline.BaselineId, @base), e.Safe, e.CapBreaches,
                Reasons(("p95_ms", "iperf3 measures throughput, not the latency of requests"))));
        }
        var a = Scorer.Assess(PackFixtures.Domain(), Tolerance.Default, ev, CiOptions.Default, 1, "gen3_c4");
        var p = CandidatePack.Of(RunId, "sim", "gen3_c4", 3, Genome(), "nc", ev, a, At);
        var json = Json.Tree(p)!;
        Assert.Empty(Validate(json));
        Assert.Empty((JsonArray)json["kpis_unavailable"]!);
        Assert.Empty((JsonObject)json["regimes"]![0]!["unavailable_reasons"]!);
        Assert.Equal("iperf3 measures throughput, not the latency of requests", (string?)json["regimes"]![1]!["unavailable_reasons"]!["p95_ms"]);
        Assert.Equal("stress: iperf3 measures throughput, not the latency of requests", p.UnavailableReasons["p95_ms"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, json["aggregate"]!["score_v2"]!.GetValueKind());
        Assert.Equal(p, Json.Read<CandidatePack>(Json.Pretty(p)));
    }
}
