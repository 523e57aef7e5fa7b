package dev.dream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dream.core.BuildInfo;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  @Test
  void versionNamesTheBuildTheCodeHashJavaAndPekko() {
    Cli r = Cli.run("--version");
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    String expected =
        "dream " + BuildInfo.version() + " (code " + BuildInfo.codeHash() + ", Java "
            + System.getProperty("java.version") + ", Pekko 1.1.5)";
    assertEquals(expected + System.lineSeparator(), r.out());
    assertTrue(r.out().matches("dream \\d+\\.\\d+\\.\\d+\\S* \\(code sha256:[0-9a-f]{64}, Java 17\\S*, Pekko \\S+\\)\\R"), r.out());
  }

  @Test
  void anUnknownOptionIsBadUsageWithTheShortUsage() {
    Cli r = Cli.run("validate", "--no-such-option");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    assertTrue(r.err().contains("Usage: dream validate ["), r.err());
    assertTrue(r.err().contains("Try 'dream validate --help'"), r.err());
    // Short usage: the synopsis only, not the option descriptions of the full help.
    assertFalse(r.err().contains("later files win"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aMistypedCommandIsBadUsageWithASuggestion() {
    Cli r = Cli.run("valdate");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("Did you mean: dream validate?"), r.err());
  }

  @Test
  void noCommandIsBadUsage() {
    Cli r = Cli.run();
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("Missing required subcommand"), r.err());
  }

  @Test
  void helpListsTheRegisteredCommands() {
    Cli r = Cli.run("--help");
    assertEquals(ExitCodes.OK, r.exitCode());
    assertTrue(r.out().contains("validate"), r.out());
  }

  @Test
  void aCommandFailureEndsWithItsOwnExitCodeAndNoStackTrace() {
    CommandLine cmd = Main.commandLine().addSubcommand(new Failing(new CommandFailure(ExitCodes.INFRASTRUCTURE, "database unreachable")));
    Cli r = Cli.run(cmd, "failing");
    assertEquals(ExitCodes.INFRASTRUCTURE, r.exitCode());
    assertEquals("dream: database unreachable" + System.lineSeparator(), r.err());
  }

  @Test
  void anInterruptionEndsWith130() {
    CommandLine cmd = Main.commandLine().addSubcommand(new Failing(new InterruptedException()));
    Cli r = Cli.run(cmd, "failing");
    assertEquals(ExitCodes.INTERRUPTED, r.exitCode());
    Thread.interrupted(); // clear the flag the handler restored
  }

  @Test
  void anUnexpectedExceptionIsReportedWithItsTrace() {
    CommandLine cmd = Main.commandLine().addSubcommand(new Failing(new IllegalStateException("bug")));
    Cli r = Cli.run(cmd, "failing");
    assertEquals(ExitCodes.INTERNAL_ERROR, r.exitCode());
    assertTrue(r.err().contains("java.lang.IllegalStateException: bug"), r.err());
  }

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final Exception toThrow;

    Failing(Exception toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }
}
