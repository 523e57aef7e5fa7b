package dev.dream.trials.workload.tool;

import java.util.Collection;
import java.util.List;

/** Checks on the arguments a regime gives an external tool. */
final class ToolArgs {
  private ToolArgs() {}

  /** Whether {@code args} holds option {@code name} as "name", "name=value" (long) or "-xVALUE" (short). */
  static boolean has(List<String> args, String name) {
    for (String a : args) {
      if (a.equals(name)) return true;
      if (name.startsWith("--") && a.startsWith(name + "=")) return true;
    }
    return false;
  }

  /** The value of option {@code name} ("name value" or "name=value"), or null. */
  static String value(List<String> args, String... names) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      for (String name : names) {
        if (a.equals(name) && i + 1 < args.size()) return args.get(i + 1);
        if (name.startsWith("--") && a.startsWith(name + "=")) return a.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** Refuses the options Dream sets itself (or that would make the tool run other programs). */
  static void refuse(String tool, List<String> args, Collection<String> options, String why) {
    for (String o : options) {
      if (has(args, o)) {
        throw new IllegalArgumentException(tool + " argument " + o + " is not allowed in a regime: " + why);
      }
    }
  }

  /** Whole seconds for a tool that counts only those: at least 1. */
  static long wholeSeconds(String tool, double seconds, String what) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException(tool + " cannot run for " + seconds + " s: give the regime a " + what + " above 0");
    }
    return Math.max(1, Math.round(seconds));
  }
}
