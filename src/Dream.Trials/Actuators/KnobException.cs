namespace Dream.Trials.Actuators;

/// <summary>A knob could not be applied; whatever had been applied for the trial has been restored.</summary>
public sealed class KnobException(string message, Exception? cause) : Exception(message, cause);
