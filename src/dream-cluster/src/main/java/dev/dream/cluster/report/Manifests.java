package dev.dream.cluster.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dream.cluster.run.RunSpec;
import dev.dream.core.pack.Json;
import java.util.List;

/** The run manifest (DESIGN.md section 4) from the run's recorded spec. */
final class Manifests {
  private Manifests() {}

  static ObjectNode of(RunSpec run, List<String> nodes) {
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("schema", "manifest.v1");
    m.put("run_id", run.runId());
    m.put("started_at_utc", run.startedAtUtc());
    m.put("dream_version", run.dreamVersion());
    m.put("code_hash", run.codeHash());
    m.set("config_hashes", Json.mapper().valueToTree(run.configHashes()));
    m.put("seed", run.seed());
    m.set("domains", Json.mapper().valueToTree(run.domains()));
    ArrayNode ns = m.putArray("nodes");
    for (String n : nodes) ns.addObject().put("address", n).put("node_class", run.nodeClass());
    m.set("settings", Json.mapper().valueToTree(run.settings()));
    return m;
  }
}
