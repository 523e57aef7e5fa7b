package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * A probe session over one temperature-like reading: each sample is the value now, and the trial's value is
 * the peak seen, since a cap or a KPI on heat is about the hottest moment, not the last one.
 */
final class PeakSession implements ProbeSession {
  /** One reading; NoSuchFileException means the node has no such sensor, with the reason as its message. */
  interface Reading {
    double read() throws IOException;
  }

  private final String kpi;
  private final String what;
  private final Reading reading;
  private double peak = Double.NaN;

  /** {@code what} names the reading in the reason given when it fails, e.g. "temperature". */
  PeakSession(String kpi, String what, Reading reading) {
    this.kpi = kpi;
    this.what = what;
    this.reading = reading;
  }

  private Readings now() {
    try {
      double c = reading.read();
      if (Double.isNaN(peak) || c > peak) peak = c;
      return Readings.of(kpi, c);
    } catch (IOException e) {
      return Readings.unavailable(kpi, e instanceof NoSuchFileException ? e.getMessage() : "cannot read " + what + ": " + e.getMessage());
    }
  }

  @Override
  public Readings sample() {
    return now();
  }

  @Override
  public Readings finish() {
    Readings r = now();
    return Double.isNaN(peak) ? r : Readings.of(kpi, peak);
  }
}
