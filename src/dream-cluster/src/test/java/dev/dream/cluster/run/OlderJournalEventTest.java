package dev.dream.cluster.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.dream.cluster.TestSystems;
import dev.dream.core.pack.CandidatePack;
import dev.dream.core.pack.Json;
import dev.dream.core.pack.PackRegime;
import dev.dream.core.pack.SchemaValidator;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A CandidateAssessed event journaled by an older build, read back through the journal's own CBOR
 * serializer (a resumed run, {@code dream report}): its pack lacks unavailable_reasons, per regime and at the
 * top level, and lists a held knob among the KPIs it could not measure. Its re-export must be a valid pack.
 */
class OlderJournalEventTest {
  static final ActorTestKit KIT = ActorTestKit.create(TestSystems.plainLocal());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aPackJournaledBeforeUnavailableReasonsIsReplayedIntoAValidPack() throws Exception {
    CandidatePack pack = CandidateScoringTest.pack("gen0_c1", 5);
    DomainEvent.CandidateAssessed event =
        new DomainEvent.CandidateAssessed(0, "gen0_c1", pack, pack.aggregate().scoreV2(), null, "2025-01-01T00:05:00Z");
    Serialization serialization = SerializationExtension.get(KIT.system());
    Serializer serializer = serialization.findSerializerFor(event);
    String manifest = Serializers.manifestFor(serializer, event);

    CBORMapper cbor = new CBORMapper();
    ObjectNode stored = (ObjectNode) cbor.readTree(serialization.serialize(event).get());
    ObjectNode oldPack = (ObjectNode) stored.get("pack");
    oldPack.remove("unavailable_reasons");
    for (JsonNode r : oldPack.get("regimes")) ((ObjectNode) r).remove("unavailable_reasons");
    ((ArrayNode) oldPack.get("kpis_unavailable")).add("knob:governor");
    byte[] olderBytes = cbor.writeValueAsBytes(stored);

    DomainEvent.CandidateAssessed replayed = assertInstanceOf(DomainEvent.CandidateAssessed.class,
        serialization.deserialize(olderBytes, serializer.identifier(), manifest).get());
    CandidatePack p = replayed.pack();
    assertEquals(List.of(), p.kpisUnavailable());
    assertEquals(Map.of("knob:governor", CandidatePack.HELD_WITHOUT_REASON),
        p.unavailableReasons());
    for (PackRegime r : p.regimes()) assertEquals(Map.of(), r.unavailableReasons(), r.regime());
    assertEquals(pack.aggregate(), p.aggregate());
    List<String> errors = SchemaValidator.validate(SchemaValidator.CANDIDATE_PACK, Json.tree(p));
    assertEquals(List.of(), errors);
  }
}
