package dev.dream.trials.probe;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * A KPI computed from two readings of cumulative counters: sample() over the time since the previous
 * sample, finish() over the whole session. A reading that fails makes the KPI unavailable with the reason;
 * a span too short to say anything (NaN) gives no value rather than a guess.
 */
abstract class DeltaSession implements ProbeSession {
  private final String kpi;
  private final java.util.function.LongSupplier clock;
  private long[] first;
  private long firstNs;
  private long[] last;
  private long lastNs;
  private String failure;

  DeltaSession(String kpi, java.util.function.LongSupplier clock) {
    this.kpi = kpi;
    this.clock = clock;
  }

  abstract long[] reading() throws IOException;

  abstract String path();

  /** The KPI between two readings taken {@code seconds} apart; NaN when the span says nothing. */
  abstract double value(long[] from, long[] to, double seconds);

  /** Takes the session's first reading; called once by the probe's {@code open()}. */
  DeltaSession begin() {
    first = take();
    firstNs = clock.getAsLong();
    last = first;
    lastNs = firstNs;
    return this;
  }

  private long[] take() {
    if (failure != null) return null;
    try {
      return reading();
    } catch (NoSuchFileException e) {
      failure = path() + " does not exist";
    } catch (IOException | RuntimeException e) {
      failure = "cannot read " + path() + ": " + e.getMessage();
    }
    return null;
  }

  @Override
  public Readings sample() {
    long[] now = take();
    long ns = clock.getAsLong();
    if (now == null) return Readings.unavailable(kpi, failure);
    double v = value(last, now, (ns - lastNs) / 1e9);
    last = now;
    lastNs = ns;
    return Double.isFinite(v) ? Readings.of(kpi, v) : Readings.EMPTY;
  }

  @Override
  public Readings finish() {
    long[] now = take();
    if (now == null) return Readings.unavailable(kpi, failure);
    double v = value(first, now, (clock.getAsLong() - firstNs) / 1e9);
    return Double.isFinite(v) ? Readings.of(kpi, v) : Readings.unavailable(kpi, "no change of " + path() + " during the trial to compute " + kpi + " from");
  }
}
