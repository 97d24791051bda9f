package io.switchboard.cli;

import io.switchboard.loadtest.LoadTestCommand;
import io.switchboard.security.HashSecretCommand;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

  private static final String USAGE = "Usage: demo [--rate N]\n";
  private static final CommandLine DEMO = new CommandLine("demo", USAGE);

  private record Run(int exit, String out, String err) {
  }

  private interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static Run run(Command command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A command that takes {@code --rate N}, records what it read and exits with 7. */
  private static Run demo(List<String> read, String... args) {
    return run((line, out, err) -> DEMO.run(line, out, err, arguments -> {
      while (arguments.hasNext()) {
        String option = arguments.next();
        switch (option) {
          case "--rate" -> read.add(option + "=" + arguments.value(option));
          default -> throw arguments.unknown(option);
        }
      }
      return 7;
    }), args);
  }

  @Test
  void readsOptionsWithTheirValuesAndReturnsTheCommandsExitStatus() {
    List<String> read = new ArrayList<>();
    assertEquals(new Run(7, "", ""), demo(read, "--rate", "5", "--rate", "-h5"));
    assertEquals(List.of("--rate=5", "--rate=-h5"), read);
  }

  @Test
  void helpAnywhereOrHelpFirstPrintsTheUsageOnStandardOutputWithoutRunningTheCommand() {
    List<String> read = new ArrayList<>();
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {"--rate", "5", "--help"}, {"--bogus", "-h"}}) {
      assertEquals(new Run(0, USAGE, ""), demo(read, args), String.join(" ", args));
    }
    assertEquals(List.of(), read, "the command never ran");
  }

  @Test
  void anUnknownArgumentIsSaidWithTheUsageOnStandardErrorAndExitsTwo() {
    assertEquals(new Run(2, "", "demo: unknown argument: --bogus\n" + USAGE), demo(new ArrayList<>(), "--bogus"));
    assertEquals(new Run(2, "", "demo: unknown argument: help\n" + USAGE),
        demo(new ArrayList<>(), "--rate", "5", "help"), "help is a command only as the first argument");
  }

  @Test
  void anOptionWithoutItsValueIsAUsageError() {
    assertEquals(new Run(2, "", "demo: --rate needs a value\n" + USAGE), demo(new ArrayList<>(), "--rate"));
  }

  @Test
  void theJarsCommandsAnswerHelpAndUnknownArgumentsAlike() {
    assertEquals(new Run(0, HashSecretCommand.USAGE, ""), run(HashSecretCommand::run, "--help"));
    assertEquals(new Run(2, "", "hash-secret: unknown argument: extra\n" + HashSecretCommand.USAGE),
        run(HashSecretCommand::run, "extra"));

    Run help = run(LoadTestCommand::run, "-h");
    assertEquals(0, help.exit());
    assertTrue(help.out().startsWith("Usage: java -jar switchboard.jar loadtest -conf CONF"), help.out());
    Run unknown = run(LoadTestCommand::run, "-conf", "x.json", "--bogus", "1");
    assertEquals(2, unknown.exit());
    assertEquals("", unknown.out());
    assertEquals("loadtest: unknown argument: --bogus\n" + help.out(), unknown.err());
  }
}
