package dev.dream.core.evolution;

import java.util.List;

final class Histories {
  private Histories() {}

  static void check(int generation, List<List<Scored>> history) {
    if (generation < 0) throw new IllegalArgumentException("generation must be >= 0, got " + generation);
    if (history.size() != generation) {
      throw new IllegalArgumentException(
          "proposing generation " + generation + " needs the " + generation + " earlier generations, got "
              + history.size());
    }
    for (int g = 0; g < generation; g++) {
      List<Scored> gen = history.get(g);
      if (gen == null) throw new IllegalArgumentException("generation " + g + " is missing");
      for (Scored s : gen) if (s == null) throw new IllegalArgumentException("generation " + g + " has a gap");
    }
  }
}
