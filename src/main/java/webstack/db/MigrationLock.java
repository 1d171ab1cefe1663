package webstack.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migrator at a time across a MariaDB Galera cluster. Flyway serialises the instances
 * that migrate one database with a lock, but on Galera (wsrep_on) it cannot use MySQL's named
 * locks ({@code GET_LOCK} is per node) and falls back to {@code SELECT ... FOR UPDATE} on its
 * history table: per node too, and released by the first DDL's implicit commit. Two
 * instances starting together over two nodes then both ran V3 (GaleraIT): one failed with
 * error 1060 (duplicate column) and did not start.
 *
 * <p>This lock is a lease, one row of {@value #TABLE} (id 1): whoever inserts it holds it. Two
 * nodes inserting it at once meet Galera's certification, so exactly one commit wins; the
 * others see a duplicate key (or error 1213) and wait. The holder deletes its row when done;
 * a row whose lease ran out (its holder died) is deleted by the next one to wait. The table
 * lives in the schema, beside Flyway's history (made first, so Flyway never finds a schema
 * that is not empty but has no history).
 */
final class MigrationLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    static final String TABLE = "webstack_migration_lock";
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration POLL = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final String owner;

    private MigrationLock(DataSource dataSource, String owner) {
        this.dataSource = dataSource;
        this.owner = owner;
    }

    /**
     * Waits up to {@code wait} for the lease, then holds it for {@link #LEASE} at most (close
     * it to give it back). Fails with an {@link IllegalStateException} naming the holder when it
     * does not come in time.
     */
    static MigrationLock acquire(DataSource dataSource, Clock clock, Duration wait) throws SQLException, InterruptedException {
        String owner = hostName() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT NOT NULL PRIMARY KEY, "
                        + "owner VARCHAR(200) NOT NULL, expires_at DATETIME(3) NOT NULL)");
            }
            Instant deadline = clock.instant().plus(wait);
            String holder = null;
            boolean waited = false;
            while (true) {
                Instant now = clock.instant();
                // Who holds it: named in the logs and in the failure.
                String seen = holder(c);
                if (seen != null) holder = seen;
                try (var stale = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = 1 AND expires_at < ?")) {
                    stale.setTimestamp(1, Timestamp.from(now));
                    if (stale.executeUpdate() > 0) LOG.warn("Schema migration: took over a lease that ran out ({})", holder);
                } catch (SQLException e) {
                    if (!isTaken(e)) throw e;
                }
                try (var insert = c.prepareStatement("INSERT INTO " + TABLE + " (id, owner, expires_at) VALUES (1, ?, ?)")) {
                    insert.setString(1, owner);
                    insert.setTimestamp(2, Timestamp.from(now.plus(LEASE)));
                    insert.executeUpdate();
                    if (waited) LOG.info("Schema migration: lock taken, after {} had it", holder);
                    return new MigrationLock(dataSource, owner);
                } catch (SQLException e) {
                    if (!isTaken(e)) throw e;
                }
                seen = holder(c);
                if (seen != null) holder = seen;
                if (!waited) LOG.info("Schema migration: waiting for another migrator ({})", holder);
                waited = true;
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("Schema migration: another migrator (" + holder + ") held the lock for over "
                            + wait.toSeconds() + " s (table " + TABLE + "; it expires by itself)");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** Gives the lease back, if it is still ours. */
    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection();
             var delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = 1 AND owner = ?")) {
            c.setAutoCommit(true);
            delete.setString(1, owner);
            delete.executeUpdate();
        }
    }

    String owner() {
        return owner;
    }

    private static String holder(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT owner, expires_at FROM " + TABLE + " WHERE id = 1")) {
            return rs.next() ? rs.getString(1) + " until " + rs.getTimestamp(2).toInstant() : null;
        }
    }

    /** A duplicate key (someone holds it), or a commit that lost Galera's certification to another's. */
    private static boolean isTaken(SQLException e) {
        return Conflicts.isConflict(e) || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
