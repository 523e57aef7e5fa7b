package dev.dream.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known name closest to a misspelt one, so that a fix can say "did you mean ...?". */
final class DidYouMean {
  private DidYouMean() {}

  /** The closest known name, if it is close enough to be a plausible typo of {@code given}. */
  static Optional<String> closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best == null) return Optional.empty();
    // A third of the name (at least one edit) separates typos from different words.
    int allowed = Math.max(1, Math.min(3, given.length() / 3 + (given.length() >= 4 ? 1 : 0)));
    if (bestDistance <= allowed) return Optional.of(best);
    // A fragment of a longer name ("temp" for "cpu_temp_c") is also a likely slip.
    if (g.length() >= 3) {
      for (String k : known) if (k.toLowerCase(Locale.ROOT).contains(g)) return Optional.of(k);
    }
    // So is a different ending of the same word ("retry" for "retries").
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int common = 0;
      while (common < Math.min(g.length(), kl.length()) && g.charAt(common) == kl.charAt(common)) common++;
      if (common >= 4 && common >= 0.6 * Math.min(g.length(), kl.length())) return Optional.of(k);
    }
    return Optional.empty();
  }

  /** "did you mean 'x'? valid NOUN: a, b, c" (or just the list when nothing is close). */
  static String fix(String given, Collection<String> known, String noun) {
    String list = "valid " + noun + ": " + (known.isEmpty() ? "none declared" : String.join(", ", known));
    return closest(given, known).map(k -> "did you mean '" + k + "'? " + list).orElse(list);
  }

  /** Optimal-string-alignment distance: Levenshtein where swapping two neighbours costs one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
