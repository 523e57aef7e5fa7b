package dev.dream.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration directory; the CLI prints them and exits with status 2. */
public final class ConfigException extends Exception {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
