package io.switchboard.security;

import io.switchboard.cli.CommandLine;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code java -jar switchboard.jar hash-secret}: reads a secret from standard input (asked twice, unechoed, on a
 * terminal) and prints the {@code secretHash} to paste into a directory entry.
 */
public final class HashSecretCommand {

  public static final String USAGE = """
      Usage: java -jar switchboard.jar hash-secret

      Reads a secret from standard input and prints its hash for a directory entry's "secretHash".
      On a terminal the secret is asked twice and not echoed; otherwise the first line of input is the secret:
        printf '%s' 'a long secret' | java -jar switchboard.jar hash-secret
      """;

  static final int MIN_LENGTH = 8;

  private HashSecretCommand() {
  }

  /** @return the process exit status */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return new CommandLine("hash-secret", USAGE).run(args, out, err, arguments -> {
      if (arguments.hasNext()) {
        throw arguments.unknown(arguments.next());
      }
      return hashSecret(out, err);
    });
  }

  private static int hashSecret(PrintStream out, PrintStream err) {
    char[] secret;
    try {
      secret = readSecret();
    } catch (IOException | IllegalStateException e) {
      err.println("hash-secret: " + e.getMessage());
      return 2;
    }
    try {
      if (secret.length < MIN_LENGTH) {
        err.println("hash-secret: the secret must be at least " + MIN_LENGTH + " characters");
        return 2;
      }
      out.println(SecretHash.of(secret).encoded());
      return 0;
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private static char[] readSecret() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Secret: ");
      char[] again = console.readPassword("Same secret again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw new IllegalStateException("the two secrets differ");
      }
      Arrays.fill(again, '\0');
      return first;
    }
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalStateException("no secret on standard input");
    }
    return line.toCharArray();
  }
}
