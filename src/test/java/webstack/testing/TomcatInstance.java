package webstack.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Apache Tomcat 11 running the built WAR, started the way a user starts it:
 * {@code deploy/run --port <free port>}, in a directory of its own under
 * {@code target/it/<name>}. Closing it sends SIGTERM and waits for the JVM to exit.
 */
public final class TomcatInstance implements Site, AutoCloseable {

    public static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    public static final Path WAR = Path.of(System.getProperty("webstack.war", "target/webstack.war")).toAbsolutePath();
    public static final Path CATALINA_HOME = Path.of(System.getProperty("catalina.home", "target/tomcat")).toAbsolutePath();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);



    private Process process;
    private final int port;
    private final Path dir;
    private final Map<String, String> env;

    private TomcatInstance(int port, Path dir, Map<String, String> env) {
        this.port = port;
        this.dir = dir;
        this.env = env;
    }

    /**
     * Starts {@code deploy/run} with a fresh data directory and the given extra environment,
     * and waits for /health.
     */
    public static TomcatInstance start(String name, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path dir = PROJECT.resolve("target/it/" + name);
        deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, String> env = new HashMap<>();
        env.put("APP_WAR", WAR.toString());
        env.put("APP_DATA_DIR", dir.resolve("data").toString());
        env.put("CATALINA_BASE", dir.resolve("base").toString());
        env.put("APP_HEAP", "128m");
        // Fast hashing for tests; production keeps the default cost.
        env.put("APP_BCRYPT_COST", "4");
        env.putAll(adminSettings(dir));
        env.putAll(extraEnv);
        var tomcat = new TomcatInstance(freePort(), dir, env);
        tomcat.launch();
        return tomcat;
    }

    /** The settings that give an instance the test admin account, its password in a 0600 file in {@code dir}. */
    public static Map<String, String> adminSettings(Path dir) throws IOException {
        return Site.adminSettings(dir);
    }

    private void launch() throws IOException, InterruptedException {
        process = launch(List.of(PROJECT.resolve("deploy/run").toString(), "--port", Integer.toString(port)),
                env, dir.resolve("console.log"));
        awaitHealthy();
    }

    /** Stops this Tomcat (SIGTERM) and starts it again on the same port and data directory. */
    public void restart() throws IOException, InterruptedException {
        stop(process);
        launch();
    }

    /** Kills the JVM (SIGKILL, like a crash) and starts it again on the same port and data directory. */
    public void crashAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        launch();
    }

    public String env(String name) {
        return env.get(name);
    }

    /** Every log line this instance wrote: its console and Tomcat's log files. */
    @Override
    public String logs() throws IOException {
        return allLogs();
    }

    public String allLogs() throws IOException {
        var sb = new StringBuilder(Files.readString(dir.resolve("console.log")));
        Path logs = dir.resolve("base/logs");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) sb.append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Starts a command in the project directory with the given environment, its output to a log file. */
    public static Process launch(List<String> command, Map<String, String> env, Path log) throws IOException {
        return launch(command, env, log, PROJECT);
    }

    public static Process launch(List<String> command, Map<String, String> env, Path log, Path workingDir)
            throws IOException {
        var builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        try {
            awaitHealthy(process, uri("/health"), dir.resolve("console.log"));
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until {@code health} answers 200, at most {@link #START_TIMEOUT}; fails with the
     * tail of {@code log} if the process exits first or time runs out.
     */
    public static void awaitHealthy(Process process, URI health, Path log) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                var response = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Not healthy within " + START_TIMEOUT + ":\n" + tail(log));
    }

    @Override
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public Path dir() {
        return dir;
    }

    public String logTail() {
        return tail(dir.resolve("console.log"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    /** SIGTERM, then SIGKILL after 30 s; the process and anything it started. */
    public static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
