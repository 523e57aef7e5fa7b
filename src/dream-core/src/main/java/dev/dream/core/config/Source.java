package dev.dream.core.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** One config file being read: the name problems are reported under, and where they go. */
record Source(String file, Problems problems) {

  /** A problem located where {@code at} starts (1-based line and column); at the top of the file if null. */
  void problem(Node at, String message, String fix) {
    Mark mark = at == null ? null : at.getStartMark();
    problem(mark, message, fix);
  }

  void problem(Mark mark, String message, String fix) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int column = mark == null ? 1 : mark.getColumn() + 1;
    problems.add(new ConfigProblem(file, line, column, message, fix));
  }
}
