package webstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The private MariaDB fixture: start, stop, crash and restart keep committed data; close leaves nothing running. */
@Needs(Service.MARIADB_SERVER)
class MariaDbServerIT {

    private static final Path DIR = Path.of(System.getProperty("project.dir", "."))
            .toAbsolutePath().resolve("target/it/mariadb-server");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void committedDataSurvivesStopAndCrashAndCloseLeavesNoProcess() throws Exception {
        long t0 = System.nanoTime();
        MariaDbServer db = MariaDbServer.start(DIR);
        Path dataDir = db.dataDir();
        try (db) {
            log("start (install + launch + ready)", t0);
            assertTrue(db.isRunning());
            assertEquals("jdbc:mysql://127.0.0.1:" + db.port() + "/shop", db.jdbcUrl("shop"));
            assertEquals(1, MariaDbServer.processesOf(dataDir).size(), "one mariadbd for " + dataDir);

            db.createDatabase("shop");
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=InnoDB");
                s.execute("INSERT INTO item VALUES (1, 'apple')");
            }

            long t1 = System.nanoTime();
            db.stop();
            log("stop (SIGTERM)", t1);
            assertFalse(db.isRunning());
            assertPortClosed(db.port());
            long t2 = System.nanoTime();
            assertThrows(SQLException.class, () -> connect(db).close());
            assertTrue(Duration.ofNanos(System.nanoTime() - t2).compareTo(Duration.ofSeconds(5)) < 0,
                    "a connection to the stopped server fails fast");

            long t3 = System.nanoTime();
            db.restart();
            log("restart after stop", t3);
            assertTrue(db.isRunning());
            assertEquals("apple", readItem(db));

            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO item VALUES (2, 'pear')");   // autocommit: committed before the crash
            }
            long t4 = System.nanoTime();
            db.kill();
            log("kill (SIGKILL)", t4);
            assertFalse(db.isRunning());
            assertPortClosed(db.port());

            long t5 = System.nanoTime();
            db.restart();
            log("restart after crash (InnoDB recovery)", t5);
            assertEquals("apple", readItem(db));
            try (Connection c = connect(db); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM item")) {
                r.next();
                assertEquals(2, r.getInt(1), "the row committed just before SIGKILL survives");
            }
        }
        assertFalse(db.isRunning());
        assertTrue(MariaDbServer.processesOf(dataDir).isEmpty(), "no mariadbd left for " + dataDir);
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                        .map(line -> line.contains("mariadbd") && line.contains(dataDir.toString()))
                        .orElse(false)),
                "no process names " + dataDir);
        assertFalse(Files.exists(dataDir), "data directory deleted");
        assertPortClosed(db.port());
        db.close();   // idempotent
    }

    private static Connection connect(MariaDbServer db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl("shop") + "?connectTimeout=2000&socketTimeout=10000",
                db.user(), db.password());
    }

    private static String readItem(MariaDbServer db) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM item WHERE id = 1")) {
            assertTrue(r.next(), "row 1 present");
            return r.getString(1);
        }
    }

    private static void assertPortClosed(int port) {
        assertThrows(IOException.class, () -> {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }, "nothing listens on 127.0.0.1:" + port);
    }

    private static void log(String what, long startNanos) {
        System.out.printf("MariaDbServerIT: %s took %d ms%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
}
