package io.switchboard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests: Debian's binaries (the newest under {@code /usr/lib/postgresql/}), a cluster made
 * by {@code initdb} in a temporary folder, listening on a free port of 127.0.0.1 only. initdb refuses to run as
 * root, so as root it runs as the {@code postgres} user that Debian's package creates.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Path DEBIAN_ROOT = Paths.get("/usr/lib/postgresql");

  private final Path bin;
  private final Path folder;
  private final int port;

  private PostgresServer(Path bin, Path folder, int port) {
    this.bin = bin;
    this.folder = folder;
    this.port = port;
  }

  /** Whether the binaries are installed: {@code .ci/run} installs them. */
  public static boolean isInstalled() {
    return binaries() != null;
  }

  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    if (bin == null) {
      throw new IllegalStateException("PostgreSQL is not installed under " + DEBIAN_ROOT + " (apt-get install postgresql)");
    }
    Path folder = Files.createTempDirectory("switchboard-postgres");
    PostgresServer server = new PostgresServer(bin, folder, TestConfig.freePort());
    if (isRoot()) {
      run(List.of("chown", "postgres:postgres", folder.toString()));
    }
    server.asOwner("initdb", "--pgdata=" + server.data(), "--username=postgres", "--auth=trust", "--no-sync",
        "--encoding=UTF8", "--locale=C");
    server.start(true);
    return server;
  }

  /** The URL for {@code storage.url}: the cluster's {@code postgres} database. */
  public String url() {
    return "postgresql://127.0.0.1:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  public String user() {
    return "postgres";
  }

  /** Stops the server at once, as a crash or an operator would: connections are cut. */
  public void stop() throws IOException, InterruptedException {
    asOwner("pg_ctl", "--pgdata=" + data(), "--mode=immediate", "--wait", "stop");
  }

  /** Starts it again after {@link #stop()}, on the same port and data. */
  public void restart() throws IOException, InterruptedException {
    start(false);
  }

  /**
   * Freezes the server and its backends (SIGSTOP), as a hung host or a stalled disk would: connections stay open,
   * new ones are accepted by the kernel, and nothing answers.
   */
  public void freeze() throws IOException, InterruptedException {
    signalAll("-STOP");
  }

  /** Lets it run again after {@link #freeze()}: what it was sent meanwhile is answered. */
  public void thaw() throws IOException, InterruptedException {
    signalAll("-CONT");
  }

  private void signalAll(String signal) throws IOException, InterruptedException {
    long postmaster = Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip());
    List<Long> backends = ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList();
    run(List.of("kill", signal, Long.toString(postmaster)));
    for (long backend : backends) {
      // A backend may have ended since it was listed: that one needs no signal.
      new ProcessBuilder("kill", signal, Long.toString(backend)).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      // A test that failed while the server was frozen leaves it so: a frozen server would not stop.
      thaw();
    } catch (IOException | IllegalStateException | java.util.NoSuchElementException notRunning) {
      // stopped by the test: nothing to thaw
    }
    try {
      asOwner("pg_ctl", "--pgdata=" + data(), "--mode=fast", "--wait", "stop");
    } catch (IllegalStateException alreadyStopped) {
      // stopped by the test: nothing to stop
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private void start(boolean first) throws IOException, InterruptedException {
    // The socket goes in the cluster's folder: Debian's /var/run/postgresql may not exist or be writable.
    asOwner("pg_ctl", "--pgdata=" + data(), "--log=" + folder.resolve(first ? "server.log" : "restarted.log"),
        "--wait", "--options=-p " + port + " -c listen_addresses=127.0.0.1 -k " + folder, "start");
  }

  private Path data() {
    return folder.resolve("data");
  }

  private void asOwner(String program, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(arguments));
    run(command);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed version's bin folder, or null. */
  private static Path binaries() {
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
      return versions.map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparing(bin -> versionNumber(bin.getParent().getFileName().toString())))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static int versionNumber(String name) {
    return name.matches("[0-9]+") ? Integer.parseInt(name) : -1;
  }
}
