package dev.dream.cli;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.dream.core.config.ConfigException;
import dev.dream.core.config.ConfigLoader;
import dev.dream.core.config.ConfigProblem;
import dev.dream.core.config.DreamConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dream validate}: loads the config directory strictly and reports every problem, or a summary. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check regimes.yaml, caps.yaml and domains/*.yaml (and any --hocon files) without running anything.",
      "Each problem is printed as file:line:column with its fix; exit status 2 if there is any."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = common.configDir();
    if (!Files.isDirectory(dir)) {
      err.println("dream: config directory " + dir + " does not exist");
      err.println("    fix: pass --config-dir DIR or set " + CommonOptions.CONFIG_DIR_ENV);
      return ExitCodes.USAGE;
    }

    DreamConfig config = null;
    List<ConfigProblem> problems = List.of();
    try {
      config = ConfigLoader.load(dir);
    } catch (ConfigException e) {
      problems = e.problems();
    }
    List<String> hoconProblems = hoconProblems(common.hoconFiles());

    problems.forEach(err::println);
    hoconProblems.forEach(err::println);
    if (!problems.isEmpty()) err.println(count(problems.size()) + " in " + dir);
    if (!hoconProblems.isEmpty()) err.println(count(hoconProblems.size()) + " in --hocon files");
    if (config == null || !hoconProblems.isEmpty()) return ExitCodes.USAGE;

    out.print(ConfigSummary.table(config));
    out.println("config OK: " + ConfigSummary.totals(config) + " in " + dir);
    return ExitCodes.OK;
  }

  /** Parse errors of the HOCON files, as {@code file:line: message} (HOCON reports no column). */
  private static List<String> hoconProblems(List<Path> files) {
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        ConfigFactory.parseFile(f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (com.typesafe.config.ConfigException e) {
        int line = e.origin() == null ? -1 : e.origin().lineNumber();
        problems.add(f + (line > 0 ? ":" + line : "") + ": " + e.getMessage());
      }
    }
    return problems;
  }

  private static String count(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }
}
