package dev.dream.core.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dream.core.domain.CapBreach;

/** A cap breach as a pack shows it (at_s: seconds since the trial's measurement began). */
@JsonPropertyOrder({"regime", "trial", "kpi", "value", "limit", "bound", "at_s"})
public record PackCapBreach(
    String regime, int trial, String kpi, double value, double limit, String bound, @JsonProperty("at_s") double atS) {

  public static PackCapBreach of(CapBreach b) {
    return new PackCapBreach(b.regime(), b.trial(), b.kpi(), b.value(), b.limit(), b.bound(), b.atS());
  }
}
