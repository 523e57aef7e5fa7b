package dev.dream.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps what a command throws to the exit status of the contract: a {@link CommandFailure} carries its
 * own, an interruption is 130, anything else is a bug (status 1, with the stack trace to report). Once a
 * signal is stopping the process, whatever fails is the stop's doing (the actor system terminates under the
 * command): 130, and nothing more is printed than what the signal printed.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code;
    if (Interruption.happened()) {
      code = ExitCodes.INTERRUPTED;
    } else if (ex instanceof CommandFailure f) {
      err.println("dream: " + f.getMessage());
      code = f.exitCode();
    } else if (ex instanceof InterruptedException) {
      err.println("dream: interrupted");
      Thread.currentThread().interrupt();
      code = ExitCodes.INTERRUPTED;
    } else {
      err.println("dream: internal error (please report it with this trace):");
      ex.printStackTrace(err);
      code = ExitCodes.INTERNAL_ERROR;
    }
    err.flush();
    return code;
  }
}
