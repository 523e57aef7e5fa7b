package dev.dream.core.domain;

/** The {@code execution} block of regimes.yaml. */
public record ExecutionSpec(int trials, double warmupS, double trialDelayS, int retries, double timeoutMultiplier) {
  public static final ExecutionSpec DEFAULT = new ExecutionSpec(3, 2, 2, 1, 1.5);
}
