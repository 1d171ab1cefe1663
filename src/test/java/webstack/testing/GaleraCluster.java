package webstack.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-node MariaDB Galera cluster on loopback, started the way production starts one:
 * {@code deploy/host DIR galera-start new|join ...} (deploy/lib/galera.sh), one node after the
 * other, each waited for until Synced. Node i (1..3) serves SQL on 127.0.0.1:{@code 3340+i},
 * replicates on {@code 4831+10i} (IST and SST on the next two ports), and keeps its data,
 * socket, pid file and error log under {@code dir/n<i>/mysql}.
 *
 * <p>Root logs in only over a node's Unix socket ({@link #sql}); the app's accounts, made with
 * {@link #createDatabase}, over TCP from 127.0.0.1. {@link #close()} stops every node and
 * deletes its directory; a node left running by an earlier, killed run (its pid file) is
 * stopped before the start. Needs root (mariadbd runs as the user mysql), galera-4 and rsync.
 */
public final class GaleraCluster implements AutoCloseable {

    public static final int NODES = 3;
    private static final Path HOST = TomcatInstance.PROJECT.resolve("deploy/host");
    private static final long COMMAND_TIMEOUT_SECONDS = 330;

    private final Path dir;
    private Thread shutdownHook;

    private GaleraCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts node 1 as a new cluster, then nodes 2 and 3 as joiners (full state transfer, rsync). */
    public static GaleraCluster start(Path dir) throws IOException, InterruptedException {
        var cluster = new GaleraCluster(dir.toAbsolutePath().normalize());
        cluster.stopNodes();
        TomcatInstance.deleteTree(cluster.dir);
        Files.createDirectories(cluster.dir);
        cluster.shutdownHook = new Thread(() -> {
            try {
                cluster.stopNodes();
            } catch (Exception ignored) {
                // the JVM is ending: nothing else to do
            }
        }, "galera-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            List<String> peers = new ArrayList<>();
            for (int i = 1; i <= NODES; i++) peers.add("127.0.0.1:" + galeraPort(i));
            for (int i = 1; i <= NODES; i++) {
                List<String> command = new ArrayList<>(List.of("galera-start", i == 1 ? "new" : "join", "n" + i,
                        "127.0.0.1", Integer.toString(sqlPort(i)), Integer.toString(galeraPort(i)), donors(i)));
                command.addAll(peers);
                cluster.host(i, command, null);
            }
            for (int i = 1; i <= NODES; i++) {
                String status = cluster.host(i, List.of("galera-status"), null).strip();
                if (!status.endsWith("Primary 3 Synced")) {
                    throw new IllegalStateException("node " + i + " is not a Synced member of a 3-node cluster: " + status);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            try {
                cluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return cluster;
    }

    /** Node i's SQL port on 127.0.0.1. */
    public static int sqlPort(int node) {
        return 3340 + node;
    }

    private static int galeraPort(int node) {
        return 4831 + 10 * node;
    }

    /** The other nodes, newest first, the first node last (as deploy/hosts orders donors). */
    private static String donors(int node) {
        var donors = new StringBuilder();
        for (int i = NODES; i >= 1; i--) if (i != node) donors.append("n").append(i).append(",");
        return donors.toString();
    }

    public Path nodeDir(int node) {
        return dir.resolve("n" + node);
    }

    /** {@code jdbc:mysql://127.0.0.1:<node's port>/database}. */
    public String jdbcUrl(int node, String database) {
        return "jdbc:mysql://127.0.0.1:" + sqlPort(node) + "/" + database;
    }

    /**
     * The database, a migration account with every privilege on it and an app account with
     * rows only (as deploy/lib/tomcat.sh's database_sql), made on node 1; they replicate.
     */
    public void createDatabase(String name, String user, String password, String migrationUser,
            String migrationPassword) throws IOException, InterruptedException {
        sql(1, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n"
                + "CREATE USER IF NOT EXISTS '" + migrationUser + "'@'127.0.0.1' IDENTIFIED BY '" + migrationPassword + "';\n"
                + "GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + migrationUser + "'@'127.0.0.1';\n"
                + "CREATE USER IF NOT EXISTS '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';\n"
                + "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + name + "`.* TO '" + user + "'@'127.0.0.1';\n");
    }

    /**
     * Runs {@code sql} as root over node i's Unix socket and returns its rows, tab-separated,
     * without a header. Reads wait until the node has applied every write the cluster had
     * committed when they began ({@code wsrep_sync_wait}), so they see what other nodes wrote.
     */
    public List<String> sql(int node, String sql) throws IOException, InterruptedException {
        String out = run(List.of("mariadb", "--socket=" + nodeDir(node).resolve("mysql/mysqld.sock"), "-u", "root",
                "-N", "-B"), "SET SESSION wsrep_sync_wait = 1;\n" + sql, 60);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** Node i's error log. */
    public String errorLog(int node) throws IOException {
        Path log = nodeDir(node).resolve("mysql/error.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** Stops every node (deploy/host db-stop: SIGTERM, then SIGKILL) and deletes the cluster's directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stopNodes();
        } finally {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
                shutdownHook = null;
            }
        }
        TomcatInstance.deleteTree(dir);
    }

    /** Stops each node that its pid file says runs, the joiners first; then makes sure the pids are gone. */
    private void stopNodes() throws IOException, InterruptedException {
        IOException failure = null;
        for (int i = NODES; i >= 1; i--) {
            Path pidFile = nodeDir(i).resolve("mysql/mysqld.pid");
            if (!Files.exists(pidFile)) continue;
            String text = Files.readString(pidFile).strip();
            try {
                host(i, List.of("db-stop"), null);
            } catch (IOException | RuntimeException e) {
                if (failure == null) failure = new IOException("stopping node " + i + " failed", e);
            }
            if (text.matches("\\d+")) {
                var handle = ProcessHandle.of(Long.parseLong(text));
                if (handle.isPresent() && handle.get().info().command().map(c -> c.contains("mariadbd")).orElse(false)) {
                    handle.get().destroyForcibly();
                    handle.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
                }
            }
        }
        if (failure != null) throw failure;
    }

    private String host(int node, List<String> arguments, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOST.toString(), nodeDir(node).toString()));
        command.addAll(arguments);
        return run(command, stdin, COMMAND_TIMEOUT_SECONDS);
    }

    /** Runs a command; its standard output, or an exception with its output when it fails or overruns. */
    private String run(List<String> command, String stdin, long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cmd-", ".out");
        Path err = Files.createTempFile(dir, "cmd-", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(TomcatInstance.PROJECT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds
                        + " s:\n" + Files.readString(err));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8).stripTrailing();
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
