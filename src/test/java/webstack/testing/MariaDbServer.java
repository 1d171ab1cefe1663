package webstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private, throwaway MariaDB server for integration tests: its own data directory under
 * {@code dir/data}, its own port on 127.0.0.1, its own socket and pid file, and none of the
 * machine's configuration ({@code --no-defaults}, so {@code /etc/mysql/my.cnf}, which names
 * the shared server's socket, pid file and data directory, is never read). Tests can
 * {@link #stop()}, {@link #kill()} and {@link #restart()} it while the application runs,
 * without touching the machine's own MariaDB.
 *
 * <p>User {@code root} with an empty password can connect over TCP from 127.0.0.1. Every wait
 * is bounded; {@link #close()} stops the server and deletes its data. If a start fails
 * half-way, the process is killed before the exception is thrown.
 *
 * <pre>{@code
 * try (var db = MariaDbServer.start(Path.of("target/it/mariadb-outage"))) {
 *     db.createDatabase("app");
 *     String url = db.jdbcUrl("app");      // user root, empty password
 *     ...
 *     db.stop();  ...  db.restart();
 * }
 * }</pre>
 */
public final class MariaDbServer implements AutoCloseable {

    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final String INSTALL_DB = "mariadb-install-db";

    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    /** Linux's sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 100;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Path dir;
    private final Path dataDir;
    private final Path socketDir;
    private final boolean ownSocketDir;
    private final Path log;
    private final int port;
    private volatile Process process;
    private Thread shutdownHook;
    private boolean closed;

    private MariaDbServer(Path dir, Path socketDir, boolean ownSocketDir, int port) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.socketDir = socketDir;
        this.ownSocketDir = ownSocketDir;
        this.log = dir.resolve("mariadbd.log");
        this.port = port;
    }

    /**
     * Creates a fresh data directory {@code dir/data} (removing any left there by an earlier
     * run, and killing any mariadbd still serving it), starts a server on a free port of
     * 127.0.0.1 and waits until it accepts connections.
     */
    public static MariaDbServer start(Path dir) throws IOException, InterruptedException {
        dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path dataDir = dir.resolve("data");
        killLeftovers(dataDir);
        deleteRecursively(dataDir);

        Path socketDir = dir;
        boolean ownSocketDir = false;
        if (dir.resolve("mysqld.sock").toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            socketDir = Files.createTempDirectory("mariadb-");
            ownSocketDir = true;
        }

        var server = new MariaDbServer(dir, socketDir, ownSocketDir, freePort());
        try {
            server.installDb();
            server.launch();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            try {
                server.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:mysql://127.0.0.1:PORT/DATABASE}; connect as {@code root} with an empty password. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The pid of the running mariadbd; empty when it is not running. */
    public Optional<Long> pid() {
        return isRunning() ? Optional.of(process.pid()) : Optional.empty();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code CREATE DATABASE IF NOT EXISTS name} (letters, digits and underscores only). */
    public void createDatabase(String name) throws SQLException {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = connect(5_000); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
        }
    }

    /** Graceful stop: SIGTERM, up to 30 s for the shutdown, then SIGKILL. The port is then closed. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return;
        }
        process = null;
    }

    /** SIGKILL, like a crash: no shutdown, InnoDB recovers on the next start. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("mariadbd " + process.pid() + " did not die within " + KILL_TIMEOUT
                    + " of SIGKILL");
        }
        process = null;
    }

    /** Stops the server if it runs, then starts it again on the same port and data directory. */
    public synchronized void restart() throws IOException, InterruptedException {
        if (closed) throw new IllegalStateException("closed");
        stop();
        launch();
    }

    /** Stops the server if it runs (gracefully, SIGKILL after 30 s), then deletes its data directory. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) return;
        closed = true;
        try {
            stop();
        } finally {
            removeShutdownHook();
            killLeftovers(dataDir);
            deleteRecursively(dataDir);
            if (ownSocketDir) deleteRecursively(socketDir);
        }
    }

    /** The last lines of mariadbd's log (its error log goes there). */
    public String logTail() {
        return tail(log, 40);
    }

    // ---------------------------------------------------------------------------------------

    private void installDb() throws IOException, InterruptedException {
        Path installLog = dir.resolve("mariadb-install-db.log");
        List<String> command = List.of(INSTALL_DB,
                "--no-defaults",
                "--datadir=" + dataDir,
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                // passed on to mariadbd --bootstrap: InnoDB redo log size is fixed at creation
                "--innodb-log-file-size=8M",
                "--innodb-buffer-pool-size=16M");
        Process install = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(installLog.toFile())
                .start();
        if (!install.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            install.descendants().forEach(ProcessHandle::destroyForcibly);
            install.destroyForcibly();
            install.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException(INSTALL_DB + " did not finish within " + INSTALL_TIMEOUT + ":\n"
                    + tail(installLog, 40));
        }
        if (install.exitValue() != 0) {
            throw new IllegalStateException(INSTALL_DB + " failed with exit code " + install.exitValue() + ":\n"
                    + tail(installLog, 40));
        }
    }

    private synchronized void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MARIADBD.toString(),
                "--no-defaults",                // never read /etc/mysql: it names the shared server's files
                "--user=root",                  // mariadbd refuses to run as root without it
                "--datadir=" + dataDir,
                "--bind-address=127.0.0.1",
                "--port=" + port,
                "--socket=" + socketDir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--tmpdir=" + dir,
                "--skip-name-resolve",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=16M",
                "--innodb-log-file-size=8M",
                "--innodb-use-native-aio=0",    // works on any file system, in any container
                "--performance-schema=OFF",
                "--max-connections=100",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci"));
        Files.writeString(log, "---- " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        addShutdownHook();
        try {
            awaitReady();
        } catch (InterruptedException | RuntimeException | Error e) {
            try {
                kill();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with code " + process.exitValue()
                        + " during start on port " + port + ":\n" + logTail());
            }
            try (Connection connection = connect(1_000)) {
                if (connection.isValid(2)) return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            Thread.sleep(50);
        }
        var failure = new IllegalStateException("mariadbd did not accept connections on 127.0.0.1:" + port
                + " within " + START_TIMEOUT + ":\n" + logTail());
        if (last != null) failure.addSuppressed(last);
        throw failure;
    }

    private Connection connect(int timeoutMillis) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?user=root&password="
                + "&connectTimeout=" + timeoutMillis + "&socketTimeout=" + Math.max(timeoutMillis, 10_000)
                + "&sslMode=DISABLED");
    }

    private void addShutdownHook() {
        if (shutdownHook != null) return;
        // Safety net for a test JVM that exits without close(): no mariadbd outlives it.
        shutdownHook = new Thread(() -> {
            Process p = process;
            if (p != null) p.destroyForcibly();
        }, "mariadb-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        shutdownHook = null;
    }

    /** SIGKILLs any mariadbd serving this data directory, e.g. left by a test JVM that was killed. */
    private static void killLeftovers(Path dataDir) throws InterruptedException {
        List<ProcessHandle> leftovers = processesOf(dataDir);
        leftovers.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : leftovers) {
            try {
                handle.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("mariadbd " + handle.pid() + " of " + dataDir
                        + " did not die of SIGKILL", e);
            }
        }
    }

    /** The mariadbd processes whose command line names {@code --datadir=dataDir}. */
    public static List<ProcessHandle> processesOf(Path dataDir) {
        String arg = "--datadir=" + dataDir.toAbsolutePath().normalize();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine()
                            .map(line -> line.contains("mariadbd") && (line.contains(arg + " ") || line.endsWith(arg)))
                            .orElse(false))
                    .toList();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
