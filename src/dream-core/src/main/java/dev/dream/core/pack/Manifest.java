package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * runs/&lt;run_id&gt;/manifest.json: what a run was started with, so that it can be reproduced, resumed and
 * audited. The original recorded seeds it never applied and hashed only two of its source files (8.4).
 *
 * @param codeHash hash of the running build
 * @param configHashes config file (relative to the config directory) → sha256 of its bytes
 * @param settings the effective settings (CLI options and HOCON values that shape the run), by name
 */
@JsonPropertyOrder({"run_id", "started_at_utc", "dream_version", "code_hash", "config_hashes", "seed", "domains", "nodes", "settings"})
public record Manifest(
    @JsonProperty("run_id") String runId,
    @JsonProperty("started_at_utc") String startedAtUtc,
    @JsonProperty("dream_version") String dreamVersion,
    @JsonProperty("code_hash") String codeHash,
    @JsonProperty("config_hashes") Map<String, String> configHashes,
    long seed,
    List<String> domains,
    List<Node> nodes,
    Map<String, Object> settings) {

  /** A cluster member at the start of the run. */
  @JsonPropertyOrder({"address", "node_class"})
  public record Node(String address, @JsonProperty("node_class") String nodeClass) {}
}
