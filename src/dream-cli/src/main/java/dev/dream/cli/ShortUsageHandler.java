package dev.dream.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage: the error, any "did you mean" suggestions and the command's one-line synopsis, instead of
 * the full help, which would bury the error.
 */
final class ShortUsageHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText("dream: " + ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.print(cmd.getHelp().fullSynopsis());
    err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    return ExitCodes.USAGE;
  }
}
