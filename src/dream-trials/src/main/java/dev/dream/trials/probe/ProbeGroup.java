package dev.dream.trials.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The sessions of several probes, read together. A probe that throws in spite of its contract is
 * contained here: its KPIs become unavailable with the exception, and the trial goes on.
 */
public final class ProbeGroup {
  private final List<Probe> probes;
  private final List<ProbeSession> sessions = new ArrayList<>();

  private ProbeGroup(List<Probe> probes) {
    this.probes = List.copyOf(probes);
    for (Probe p : this.probes) {
      ProbeSession s;
      try {
        s = p.open();
      } catch (RuntimeException e) {
        s = broken(p, e);
      }
      sessions.add(s);
    }
  }

  public static ProbeGroup open(List<Probe> probes) {
    return new ProbeGroup(probes);
  }

  public synchronized Readings sample() {
    return read(ProbeSession::sample);
  }

  public synchronized Readings finish() {
    return read(ProbeSession::finish);
  }

  private Readings read(Function<ProbeSession, Readings> f) {
    Readings all = Readings.EMPTY;
    for (int i = 0; i < sessions.size(); i++) {
      Readings r;
      try {
        r = f.apply(sessions.get(i));
      } catch (RuntimeException e) {
        r = broken(probes.get(i), e).sample();
      }
      all = all.merge(r);
    }
    return all;
  }

  private static ProbeSession broken(Probe p, RuntimeException e) {
    java.util.Map<String, String> reasons = new java.util.LinkedHashMap<>();
    for (String k : p.kpis()) reasons.put(k, "probe " + p.getClass().getSimpleName() + " failed: " + e);
    Readings r = new Readings(java.util.Map.of(), reasons);
    return new ProbeSession() {
      @Override
      public Readings sample() {
        return r;
      }

      @Override
      public Readings finish() {
        return r;
      }
    };
  }
}
