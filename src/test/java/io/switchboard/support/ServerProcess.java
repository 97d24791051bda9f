package io.switchboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/switchboard.jar ...} as a real process, with its output collected line by line. */
public final class ServerProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target/switchboard.jar").toAbsolutePath();

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private ServerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        lines.lines().forEach(output::add);
      } catch (IOException | java.io.UncheckedIOException closed) {
        // The process ended or was stopped: its output ends here.
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static ServerProcess start(Path workingDirectory, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new ServerProcess(builder.start());
  }

  /** Waits until a line of output contains {@code text}; fails with the output so far when it does not come. */
  public void awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(line -> line.contains(text))) {
        return;
      }
      if (!process.isAlive() && output.stream().noneMatch(line -> line.contains(text))) {
        Thread.sleep(200);
        if (output.stream().anyMatch(line -> line.contains(text))) {
          return;
        }
        throw new AssertionError("process exited with " + process.exitValue() + " before printing '" + text
            + "':\n" + String.join("\n", output));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + String.join("\n", output));
  }

  /** Waits for the process to end by itself and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + String.join("\n", output));
    }
    Thread.sleep(100);
    return process.exitValue();
  }

  /** Writes {@code text} to the process's standard input and closes it. */
  public void write(String text) throws IOException {
    try (java.io.OutputStream in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Sends SIGTERM, as an orchestrator stopping the service does, and returns at once. Not {@link Process#destroy()}:
   * it also closes our end of the process's output, and what the server logs while stopping would be lost.
   */
  public void terminate() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public String output() {
    return String.join("\n", output);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
