package dev.dream.core.config;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken caps.yaml; the toy domain's caps are on line 3. */
class CapsErrorsTest {
  static final String FILE = "config/caps.yaml";
  @TempDir Path tmp;
  ConfigFixture f;

  @BeforeEach
  void setUp() {
    f = ConfigFixture.valid(tmp);
  }

  private ConfigFixture caps(String toyCaps) {
    return f.write("caps.yaml", ConfigFixture.CAPS.replace("toy: {watts: {max: 100}}", "toy: " + toyCaps));
  }

  @Test
  void capNamingAKpiTheDomainDoesNotDefine() {
    caps("{wats: {max: 100}}").onlyProblem(FILE, 3, 9, "a cap names 'wats', which is not a KPI of domain 'toy'",
        "did you mean 'watts'? valid KPIs of toy: perf, p95_ms, watts");
  }

  @Test
  void theOriginalsTempPeakCapIsRefused() {
    caps("{temp_peak_c: 90}").onlyProblem(FILE, 3, 9, "a cap names 'temp_peak_c', which is not a KPI of domain 'toy'",
        "valid KPIs of toy: perf, p95_ms, watts");
  }

  @Test
  void capForAnUnknownDomain() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("  toy:", "  cpu:"))
        .onlyProblem(FILE, 3, 3, "caps for unknown domain 'cpu': there is no domains/cpu.yaml", "valid domains: toy");
  }

  @Test
  void capMinAboveMax() {
    caps("{watts: {min: 200, max: 100}}").onlyProblem(FILE, 3, 22, "the cap on 'watts' has min 200 above max 100",
        "no value could pass it");
  }

  @Test
  void theOriginalsEqIsExplained() {
    caps("{watts: {eq: 0}}").onlyProblem(FILE, 3, 17, "unknown key 'eq' in the cap on 'watts'", "write {min: X, max: X}");
  }

  @Test
  void capValueOfTheWrongType() {
    caps("{watts: high}").onlyProblem(FILE, 3, 16, "the cap on 'watts' must be a number (its max) or {max: X} / {min: X}, "
        + "found the text \"high\"", "watts: {max: 90}");
  }

  @Test
  void capWithNeitherBound() {
    caps("{watts: {}}").onlyProblem(FILE, 3, 9, "the cap on 'watts' sets neither min nor max", "watts: {max: 90}");
  }

  @Test
  void negativeGlobalSetting() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("max_trial_failures: 3", "max_trial_failures: -1"))
        .onlyProblem(FILE, 4, 30, "max_trial_failures -1 in 'global' of caps.yaml must be at least 0",
            "max_trial_failures: 3");
  }

  @Test
  void unknownToleranceKey() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("power_regression_pct", "watts_regression_pct"))
        .onlyProblem(FILE, 5, 69, "unknown key 'watts_regression_pct' in 'tolerance' of caps.yaml",
            "valid keys here: perf_improvement_pct, latency_regression_pct, power_regression_pct");
  }

  @Test
  void versionMustBeTwo() {
    f.write("caps.yaml", ConfigFixture.CAPS.replace("version: 2", "version: \"2\""))
        .onlyProblem(FILE, 1, 10, "'version' of caps.yaml must be a whole number, found the text \"2\"", "no quotes");
  }
}
