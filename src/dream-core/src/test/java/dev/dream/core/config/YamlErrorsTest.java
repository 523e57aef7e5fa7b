package dev.dream.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not the YAML they should be, or not there at all. */
class YamlErrorsTest {
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  @Test
  void duplicateKeyIsReportedAtTheDuplicate() {
    f.write("domains/toy.yaml", ConfigFixture.TOY.replace("  mode:", "  threads: {type: int, min: 1, max: 4, default: 1, "
            + "actuator: {kind: workload-arg}}\n  mode:"))
        .onlyProblem("config/domains/toy.yaml", 5, 3, "duplicate key 'threads' (first at line 4)",
            "remove one of them; YAML would silently keep only the last");
  }

  @Test
  void duplicateKeyInsideAFlowMapping() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("{watts: {max: 100}}", "{watts: {max: 100, max: 50}}"))
        .onlyProblem("config/caps.yaml", 3, 27, "duplicate key 'max' (first at line 3)", "remove one of them");
  }

  @Test
  void syntaxErrorIsLocatedWhereTheParserFoundIt() {
    f.write("regimes.yaml", """
        version: 2
        domains:
          toy:
            normal: {workload: {kind: builtin-cpu, duration_s: 1}
        """).onlyProblem("config/regimes.yaml", 5, 1, "YAML syntax error: while parsing a flow mapping: expected ',' or '}', but got <stream end>",
            "check the indentation, quotes and brackets");
  }

  @Test
  void colonInsideAPlainValue() {
    f.write("domains/toy.yaml", ConfigFixture.TOY.replace("description: a small domain for tests",
            "description: tests: a small domain"))
        .onlyProblem("config/domains/toy.yaml", 2, 19, "YAML syntax error: mapping values are not allowed here",
            "a value containing ': ' must be quoted");
  }

  @Test
  void tabsAreExplained() {
    f.write("caps.yaml", "version: 2\ndomains:\n\ttoy: {watts: 100}\n")
        .onlyProblem("config/caps.yaml", 3, 1, "YAML syntax error", "indent with spaces; YAML does not allow tabs");
  }

  @Test
  void emptyFile() {
    f.write("caps.yaml", "# nothing yet\n").onlyProblem("config/caps.yaml", 1, 1, "the file is empty", "see config/");
  }

  @Test
  void missingFile() {
    f.delete("caps.yaml").onlyProblem("config/caps.yaml", 1, 1, "the file is missing", "create caps.yaml");
  }

  @Test
  void ymlDomainFileWouldBeIgnored() {
    f.write("domains/extra.yml", "domain: extra\n").onlyProblem("config/domains/extra.yml", 1, 1,
        "domain files end in .yaml; this one would be ignored", "rename it to extra.yaml");
  }

  @Test
  void missingDirectory() {
    List<ConfigProblem> ps = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.load(tmp.resolve("nowhere"))).problems();
    assertEquals(1, ps.size());
    ConfigFixture.assertProblem(ps.get(0), tmp.resolve("nowhere").toString(), 1, 1, "the config directory does not exist",
        "--config-dir");
  }

  @Test
  void aFileThatIsNotAMapping() {
    f.write("regimes.yaml", "- version: 2\n").onlyProblem("config/regimes.yaml", 1, 1,
        "regimes.yaml must be a mapping of name: value, found a list", "key: value");
  }

  @Test
  void twoDocumentsInOneFile() {
    f.write("caps.yaml", ConfigFixture.CAPS + "---\nversion: 2\n").onlyProblem("config/caps.yaml", 6, 1,
        "YAML syntax error: expected a single document in the stream, but found another document", "keep one document per file");
  }
}
