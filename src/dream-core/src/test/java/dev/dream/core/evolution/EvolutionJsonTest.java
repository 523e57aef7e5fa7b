package dev.dream.core.evolution;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dream.core.domain.Genome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator journals these records: they must come back equal, unsafe scores included. */
class EvolutionJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void scoredCandidatesRoundTrip() throws Exception {
    Scored safe = new Scored(new Genome(Map.of("threads", 8L, "util", 0.75, "gov", "a", "smt", true)), 0.125);
    Scored unsafe = new Scored(safe.genome(), null);
    assertEquals(safe, json.readValue(json.writeValueAsString(safe), Scored.class));
    assertEquals(unsafe, json.readValue(json.writeValueAsString(unsafe), Scored.class));
    assertFalse(json.writeValueAsString(safe).contains("\"safe\""), "no derived fields in the journal");
  }

  @Test
  void paramsRoundTrip() throws Exception {
    EvolutionParams p = EvolutionParams.DEFAULT.withStrategy("cmaes");
    assertEquals(p, json.readValue(json.writeValueAsString(p), EvolutionParams.class));
  }
}
