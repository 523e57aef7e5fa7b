package dev.dream.trials.knob;

/** A knob could not be applied; whatever had been applied for the trial has been restored. */
public final class KnobException extends Exception {
  public KnobException(String message, Throwable cause) {
    super(message, cause);
  }
}
