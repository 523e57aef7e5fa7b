package dev.dream.trials.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
  static final String CAT = "2197 (cat) R 2194 2194 23419 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 172015 3133440 382 "
      + "18446744073709551615 94112379961344 94112379981225 140736081607712 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

  @Test
  void theStartTimeIsField22CountedFromTheLastParenthesisOfTheName() {
    assertEquals(OptionalLong.of(172015), ProcessIdentity.startTicks(CAT));
    // A command name may hold spaces and parentheses: "(a) b) S" would shift every field counted by spaces.
    assertEquals(OptionalLong.of(172015), ProcessIdentity.startTicks(CAT.replace("(cat)", "(a) b (c))")));
  }

  @Test
  void aZombieOrAGarbledLineHasNoStartTime() {
    assertEquals(OptionalLong.empty(), ProcessIdentity.startTicks(CAT.replace(") R ", ") Z ")));
    assertEquals(OptionalLong.empty(), ProcessIdentity.startTicks("2197 (cat) R 2194"));
    assertEquals(OptionalLong.empty(), ProcessIdentity.startTicks("garbage"));
  }

  @Test
  void aProcessIsItselfOnlyWithItsOwnStartTimeAndBoot() {
    ProcessIdentity me = ProcessIdentity.of(ProcessHandle.current().pid()).orElseThrow();
    assertTrue(me.running());
    assertFalse(new ProcessIdentity(me.pid(), me.startTicks() + 1, me.bootId()).running());
    assertFalse(new ProcessIdentity(me.pid(), me.startTicks(), "another-boot").running());
  }
}
