package dev.dream.core.pack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.core.domain.Genome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * baselines.json, {@code "schema": "baselines.v2"}: {domain → {regime → {kpis, ci95, trials, genome,
 * node_class, code_hash, timestamp, baseline_id}}}. Domains and regimes are sorted by name so that a
 * re-export of the same baselines is byte-identical. Immutable; {@link #with} returns an updated copy.
 *
 * <p>The layout holds one baseline per (domain, regime); with nodes of several classes, the export keeps
 * the one last added (the store itself keeps them per node class).
 */
public final class BaselinesFile {
  public static final String SCHEMA = "baselines.v2";
  private static final String SCHEMA_KEY = "schema";

  private final Map<String, Map<String, BaselineRecord>> domains;

  private BaselinesFile(Map<String, Map<String, BaselineRecord>> domains) {
    this.domains = domains;
  }

  /** {@code <domain>_<regime>_<UTC YYYY-MM-DDTHH-MM-SSZ>}; the same as {@link BaselineRecord#baselineId}. */
  public static String baselineId(String domain, String regime, java.time.Instant t) {
    return BaselineRecord.baselineId(domain, regime, t);
  }

  public static BaselinesFile empty() {
    return new BaselinesFile(Map.of());
  }

  public BaselinesFile with(BaselineRecord r) {
    if (r.domain().equals(SCHEMA_KEY)) throw new IllegalArgumentException("a domain cannot be named '" + SCHEMA_KEY + "'");
    Map<String, Map<String, BaselineRecord>> copy = new TreeMap<>();
    domains.forEach((d, regimes) -> copy.put(d, new TreeMap<>(regimes)));
    copy.computeIfAbsent(r.domain(), d -> new TreeMap<>()).put(r.regime(), r);
    Map<String, Map<String, BaselineRecord>> frozen = new TreeMap<>();
    copy.forEach((d, regimes) -> frozen.put(d, Collections.unmodifiableMap(regimes)));
    return new BaselinesFile(Collections.unmodifiableMap(frozen));
  }

  public Optional<BaselineRecord> get(String domain, String regime) {
    return Optional.ofNullable(domains.getOrDefault(domain, Map.of()).get(regime));
  }

  /** domain → regime → baseline, sorted by name. */
  public Map<String, Map<String, BaselineRecord>> domains() {
    return domains;
  }

  public ObjectNode toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put(SCHEMA_KEY, SCHEMA);
    domains.forEach((domain, regimes) -> {
      ObjectNode d = root.putObject(domain);
      regimes.forEach((regime, r) -> d.set(regime, entry(r)));
    });
    return root;
  }

  public static BaselinesFile fromJson(JsonNode root) {
    if (!root.isObject() || !SCHEMA.equals(root.path(SCHEMA_KEY).asText(null)))
      throw new IllegalArgumentException("not a " + SCHEMA + " file: its \"schema\" is " + root.get(SCHEMA_KEY));
    BaselinesFile file = empty();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      if (d.getKey().equals(SCHEMA_KEY)) continue;
      for (Iterator<Map.Entry<String, JsonNode>> rs = d.getValue().fields(); rs.hasNext(); ) {
        Map.Entry<String, JsonNode> r = rs.next();
        file = file.with(record(d.getKey(), r.getKey(), r.getValue()));
      }
    }
    return file;
  }

  public void write(Path file) throws IOException {
    Json.writeAtomically(file, toJson());
  }

  public static BaselinesFile read(Path file) throws IOException {
    return fromJson(Json.mapper().readTree(Files.readAllBytes(file)));
  }

  private static ObjectNode entry(BaselineRecord r) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.set("kpis", Json.tree(r.kpis()));
    e.set("ci95", Json.tree(r.ci95()));
    e.put("trials", r.trials());
    e.set("genome", Json.tree(r.genome()));
    e.put("node_class", r.nodeClass());
    e.put("code_hash", r.codeHash());
    e.put("timestamp", Timestamps.utc(r.timestamp()));
    e.put("baseline_id", r.baselineId());
    return e;
  }

  private static final TypeReference<LinkedHashMap<String, Double>> MEANS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, List<Double>>> INTERVALS = new TypeReference<>() {};

  private static BaselineRecord record(String domain, String regime, JsonNode e) {
    return new BaselineRecord(domain, regime,
        Json.mapper().convertValue(e.required("kpis"), MEANS),
        Json.mapper().convertValue(e.required("ci95"), INTERVALS),
        e.required("trials").intValue(),
        Json.mapper().convertValue(e.required("genome"), Genome.class),
        e.required("node_class").asText(),
        e.required("code_hash").asText(),
        Timestamps.parseUtc(e.required("timestamp").asText()),
        e.required("baseline_id").asText());
  }
}
