package dev.dream.trials.process;

import java.io.IOException;

/** An external program a workload, probe or knob needs is not installed on this node. */
public final class ToolMissingException extends IOException {
  private final String tool;

  public ToolMissingException(String tool, String message) {
    super(message);
    this.tool = tool;
  }

  public String tool() {
    return tool;
  }
}
