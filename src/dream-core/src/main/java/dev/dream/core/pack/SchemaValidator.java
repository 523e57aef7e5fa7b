package dev.dream.core.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates output documents against the JSON Schemas of the contract, checked in under
 * {@code src/main/resources/schemas/} (draft 2020-12). Also rejects NaN and infinite numbers, which a
 * JSON tree built in memory can hold but no JSON file may.
 */
public final class SchemaValidator {
  public static final String CANDIDATE_PACK = "candidate_pack.v2";
  public static final String BASELINES = "baselines.v2";
  public static final String MANIFEST = "manifest";
  public static final String EVOLUTION = "evolution";
  public static final String BEST = "best";

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

  private SchemaValidator() {}

  /** The problems of {@code document} as messages naming the JSON path; empty when it is valid. */
  public static List<String> validate(String schemaName, JsonNode document) {
    List<String> errors = new ArrayList<>();
    nonFinite(document, "$", errors);
    for (ValidationMessage m : schema(schemaName).validate(document)) errors.add(m.getMessage());
    errors.sort(null); // the validator reports a set; a stable order makes the messages diffable
    return errors;
  }

  private static JsonSchema schema(String name) {
    return SCHEMAS.computeIfAbsent(name, n -> {
      String resource = "/schemas/" + n + ".schema.json";
      try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
        if (in == null) throw new IllegalArgumentException("no JSON schema " + n + " (looked for " + resource + ")");
        return FACTORY.getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static void nonFinite(JsonNode node, String path, List<String> errors) {
    if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue()))
      errors.add(path + ": " + node.doubleValue() + " is not a JSON number");
    else if (node.isObject())
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        nonFinite(e.getValue(), path + "." + e.getKey(), errors);
      }
    else if (node.isArray())
      for (int i = 0; i < node.size(); i++) nonFinite(node.get(i), path + "[" + i + "]", errors);
  }
}
