package dev.dream.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.dream.core.domain.Caps;
import dev.dream.core.score.CandidateAssessment;
import dev.dream.core.score.RegimeEvidence;
import dev.dream.core.score.Scorer;
import dev.dream.core.stats.CiOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evidence and assessments travel in messages and journal events (Jackson CBOR): they must round-trip. */
class AssessmentJsonTest {
  @Test
  void evidenceAndAssessmentsRoundTrip() throws Exception {
    List<RegimeEvidence> ev = PackFixtures.evidence(true, true);
    String json = Json.mapper().writeValueAsString(ev);
    assertEquals(ev, Json.mapper().readValue(json, new TypeReference<List<RegimeEvidence>>() {}));

    for (boolean unsafe : new boolean[] {false, true}) {
      CandidateAssessment a = Scorer.assess(PackFixtures.domain(), Caps.Tolerance.DEFAULT, PackFixtures.evidence(unsafe, true),
          CiOptions.DEFAULT, 1, "gen3_c4");
      assertEquals(a, Json.mapper().readValue(Json.mapper().writeValueAsString(a), CandidateAssessment.class));
    }
  }
}
