package dev.dream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a run's files for comparison, with the fields that are wall-clock times taken out. */
final class RunFilesAssert {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private RunFilesAssert() {}

  static Path onlyRun(Path data) throws IOException {
    try (Stream<Path> runs = Files.list(data.resolve("runs"))) {
      return runs.reduce((a, b) -> { throw new AssertionError("more than one run in " + data); }).orElseThrow();
    }
  }

  /** Every candidate pack of the run, keyed by path relative to the run dir, timestamps removed. */
  static Map<String, JsonNode> packs(Path runDir) throws IOException {
    Map<String, JsonNode> packs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(runDir.resolve("candidates"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        packs.put(runDir.relativize(f).toString(), withoutTimes(MAPPER.readTree(f.toFile())));
      }
    }
    return packs;
  }

  static JsonNode json(Path file) throws IOException {
    return withoutTimes(MAPPER.readTree(file.toFile()));
  }

  /** Drops created_at_utc, timestamps and baseline ids (which embed the time the baseline was measured). */
  static JsonNode withoutTimes(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("created_at_utc");
      o.remove("timestamp");
      o.remove("baseline_id");
      o.remove("run_id");
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) withoutTimes(it.next());
    } else if (node.isArray()) {
      node.forEach(RunFilesAssert::withoutTimes);
    }
    return node;
  }
}
