package dev.dream.core.config;

/** The {@code version:} of regimes.yaml and caps.yaml: 2, the format Dream reads (the original's keys differ). */
final class Version {
  private Version() {}

  static final long CURRENT = 2;

  static void check(YamlMap doc) {
    Long v = doc.integer("version", true, "version: 2 at the top of the file");
    if (v != null && v != CURRENT) {
      doc.source().problem(doc.value("version"), "version " + v + " is not supported; Dream reads version 2",
          "write version: 2 and use the keys shown in config/ (DESIGN.md section 3)");
    }
  }
}
