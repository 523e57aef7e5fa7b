package dev.dream.core.config;

/** One configuration error, located at {@code file:line:column} (1-based), with what to do about it. */
public record ConfigProblem(String file, int line, int column, String message, String fix) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message + (fix == null || fix.isBlank() ? "" : "\n    fix: " + fix);
  }
}
