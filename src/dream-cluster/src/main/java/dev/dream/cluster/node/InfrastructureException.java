package dev.dream.cluster.node;

/** The database or the cluster cannot be reached: the CLI exits with status 3, state untouched. */
public final class InfrastructureException extends Exception {
  public InfrastructureException(String message, Throwable cause) {
    super(message, cause);
  }

  public InfrastructureException(String message) {
    super(message);
  }
}
