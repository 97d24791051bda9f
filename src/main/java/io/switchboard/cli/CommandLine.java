package io.switchboard.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The command line of one of the jar's commands, read the same way by all of them: {@code --help} or {@code -h}
 * anywhere, or {@code help} first, prints the usage on standard output (exit 0); an unknown argument or an option
 * without its value prints the problem and the usage on standard error (exit {@value #USAGE_ERROR}).
 */
public final class CommandLine {

  public static final int USAGE_ERROR = 2;

  private final String command;
  private final String usage;

  /**
   * @param command the name that starts each error line, as in {@code loadtest: --rate needs a value}
   * @param usage   the text printed for {@code --help} and after a usage error
   */
  public CommandLine(String command, String usage) {
    this.command = command;
    this.usage = usage;
  }

  /** What a command does with its arguments. */
  @FunctionalInterface
  public interface Body {
    /** @return the exit status */
    int run(Arguments arguments);
  }

  /** A command's argument that is wrong, said in a line for its user. */
  public static final class UsageException extends IllegalArgumentException {
    public UsageException(String problem) {
      super(problem);
    }
  }

  /**
   * Prints the usage when {@code args} ask for help, else runs {@code body} on them.
   *
   * @return the exit status: {@code body}'s, 0 after the help, {@value #USAGE_ERROR} on a {@link UsageException}
   */
  public int run(String[] args, PrintStream out, PrintStream err, Body body) {
    if (Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))
        || args.length > 0 && args[0].equals("help")) {
      out.print(usage);
      return 0;
    }
    try {
      return body.run(new Arguments(args));
    } catch (UsageException e) {
      return usageError(err, e.getMessage());
    }
  }

  /** Prints {@code problem} and the usage. @return {@value #USAGE_ERROR}, the exit status */
  public int usageError(PrintStream err, String problem) {
    err.println(command + ": " + problem);
    err.print(usage);
    return USAGE_ERROR;
  }

  /** The arguments, read one at a time. */
  public static final class Arguments {
    private final String[] args;
    private int next;

    private Arguments(String[] args) {
      this.args = args.clone();
    }

    public boolean hasNext() {
      return next < args.length;
    }

    public String next() {
      return args[next++];
    }

    /** The value that follows {@code option}. @throws UsageException when there is none */
    public String value(String option) {
      if (!hasNext()) {
        throw new UsageException(option + " needs a value");
      }
      return next();
    }

    /** The error for an argument the command does not take. */
    public UsageException unknown(String argument) {
      return new UsageException("unknown argument: " + argument);
    }
  }
}
