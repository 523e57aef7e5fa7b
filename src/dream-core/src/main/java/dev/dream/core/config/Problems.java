package dev.dream.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found instead of stopping at the first, so that one {@code dream validate} shows a
 * user everything to fix.
 */
final class Problems {
  private final List<ConfigProblem> found = new ArrayList<>();

  void add(ConfigProblem problem) {
    found.add(problem);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  int size() {
    return found.size();
  }

  /** By file, then position: the order in which a user reads and fixes them (stable for equal positions). */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> copy = new ArrayList<>(found);
    copy.sort(
        Comparator.comparing(ConfigProblem::file)
            .thenComparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column));
    return copy;
  }
}
