package dev.dream.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code dream} command. Subcommands are registered in the {@code subcommands} list below: adding
 * one is adding its class there. Exit statuses are those of {@link ExitCodes}.
 */
@Command(
    name = "dream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Evolves machine configurations, measured against the node's own baseline, within safety caps.",
    subcommands = {
      ValidateCommand.class,
      RunCommand.class,
      ReportCommand.class,
      BaselinesCommand.class,
      NodeCommand.class,
      CtlCommand.class,
      ServiceCommand.class,
      BenchCommand.class,
      HelpCommand.class,
    })
public final class Main {

  public static void main(String[] args) {
    Interruption.exitWith130OnSignals();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setParameterExceptionHandler(new ShortUsageHandler());
    cmd.setExecutionExceptionHandler(new FailureHandler());
    invalidInputIsUsage(cmd);
    return cmd;
  }

  private static void invalidInputIsUsage(CommandLine cmd) {
    cmd.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cmd.getSubcommands().values().forEach(Main::invalidInputIsUsage);
  }

  /** Runs {@code args} with the given writers; returns the exit status. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = commandLine();
    cmd.setOut(out);
    cmd.setErr(err);
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
