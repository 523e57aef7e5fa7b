package dev.dream.cli;

/** The exit status of every {@code dream} command (DESIGN.md section 5). */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** Not part of the contract: an unexpected internal error (a bug); the stack trace is printed. */
  public static final int INTERNAL_ERROR = 1;

  /** Bad usage or bad config; nothing was written. */
  public static final int USAGE = 2;

  /** Infrastructure unavailable: the database or the cluster. */
  public static final int INFRASTRUCTURE = 3;

  /** The run ended without any safe candidate. */
  public static final int NO_SAFE_CANDIDATE = 4;

  /** Interrupted (SIGINT or SIGTERM, see {@link Interruption}); the state is kept and {@code --resume} continues. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
