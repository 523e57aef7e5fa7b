package dev.dream.cli;

/**
 * Ends a command with a contract exit status and a message for the user, without a stack trace; e.g.
 * {@code throw new CommandFailure(ExitCodes.INFRASTRUCTURE, "database unreachable at ...")}.
 */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;

  public CommandFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
