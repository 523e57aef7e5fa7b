package dev.dream.core.pack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The two UTC forms of the contract: ISO for timestamps, and with '-' for ':' inside identifiers. */
public final class Timestamps {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** {@code YYYY-MM-DDTHH:MM:SSZ}, to the second. */
  public static String utc(Instant t) {
    return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code YYYY-MM-DDTHH-MM-SSZ}: safe in file names and identifiers. */
  public static String idForm(Instant t) {
    return ID.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  public static Instant parseUtc(String s) {
    return Instant.from(ISO.parse(s));
  }
}
