package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import webstack.testing.MariaDb;
import webstack.testing.TomcatInstance;

/**
 * One {@code deploy/cluster} for a test class: a directory of its own under
 * {@code target/it/}, free ports, and a database with its two accounts (the instances' own and
 * the migration account) named for this cluster alone, never the default {@code webstack}
 * ones. {@link #close()} runs {@code down} and drops the database and both accounts.
 */
final class Cluster implements AutoCloseable {

    final Path dir;
    /** The database, and the name of the instances' account; the migration account adds {@code _migrate}. */
    final String database;
    final int port;
    final int tlsPort;
    private final Map<String, String> env;

    /** A cluster of up to {@code instances} instances with these settings over the test defaults. */
    Cluster(String name, int instances, Map<String, String> settings) throws IOException {
        dir = TomcatInstance.PROJECT.resolve("target/it/" + name);
        TomcatInstance.deleteTree(dir);
        Files.createDirectories(dir);
        database = "webstack_" + name.replace('-', '_') + "_" + Long.toHexString(System.nanoTime());
        port = TomcatInstance.freePort();
        tlsPort = TomcatInstance.freePort();
        env = new HashMap<>(Map.of(
                "CLUSTER_DIR", dir.toString(),
                "CLUSTER_PORT", Integer.toString(port),
                "CLUSTER_TLS_PORT", Integer.toString(tlsPort),
                "CLUSTER_BASE_PORT", Integer.toString(freePortBlock(instances)),
                "CLUSTER_DB_NAME", database,
                "CLUSTER_DB_USER", database,
                "APP_HEAP", "128m",
                "APP_BCRYPT_COST", "4"));
        env.putAll(TomcatInstance.adminSettings(dir));
        env.putAll(settings);
    }

    /** A setting for the commands run from now on. */
    void set(String name, String value) {
        env.put(name, value);
    }

    /** Runs {@code deploy/cluster ARGS} to its end and returns its output; it must succeed. */
    String run(String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(TomcatInstance.PROJECT.resolve("deploy/cluster").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("cluster-" + args[0] + "-" + System.nanoTime() + ".log");
        Process p = TomcatInstance.launch(command, env, log);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            TomcatInstance.stop(p);
            throw new AssertionError("deploy/cluster " + args[0] + " hung: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "deploy/cluster " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The pid of instance {@code i}'s JVM. */
    long pid(int i) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("tomcat-" + i + "/tomcat.pid")).strip());
    }

    String migrationUser() {
        return database + "_migrate";
    }

    @Override
    public void close() throws Exception {
        try {
            run("down");
        } finally {
            try (var c = DriverManager.getConnection(MariaDb.SERVER_URL, MariaDb.USER, MariaDb.PASSWORD);
                 var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + database + "`");
                for (String user : new String[] {database, migrationUser()}) {
                    s.execute("DROP USER IF EXISTS '" + user + "'@'127.0.0.1', '" + user + "'@'localhost'");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop " + database + " and its accounts", e);
            }
        }
    }

    /** The first of {@code n} consecutive free loopback ports. */
    private static int freePortBlock(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = TomcatInstance.freePort();
            if (first > 65535 - n) continue;
            boolean free = true;
            for (int p = first + 1; p < first + n && free; p++) free = isFree(p);
            if (free) return first;
        }
        throw new IllegalStateException("no " + n + " free consecutive ports");
    }

    private static boolean isFree(int port) {
        try (var s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
