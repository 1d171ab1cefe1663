package webstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** {@link MigrationLock} on an in-memory H2 in MySQL mode: one holder, waiters, expired leases. */
class MigrationLockTest {

    private final JdbcDataSource db = new JdbcDataSource();

    {
        db.setURL("jdbc:h2:mem:lock-" + UUID.randomUUID() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    }

    @Test
    void aSecondMigratorWaitsUntilTheFirstGivesTheLockBack() throws Exception {
        var first = MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofSeconds(5));
        var second = CompletableFuture.supplyAsync(() -> {
            try {
                return MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3 * MigrationLock.POLL.toMillis());
        assertFalse(second.isDone(), "the second waits while the first holds it");
        first.close();
        try (var lock = second.get(10, TimeUnit.SECONDS)) {
            assertEquals(lock.owner(), holder());
        }
        assertEquals(null, holder(), "closing gives it back");
    }

    @Test
    void aMigratorThatWaitsTooLongFailsNamingTheHolder() throws Exception {
        try (var held = MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofSeconds(5))) {
            var e = assertThrows(IllegalStateException.class, () -> MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains(held.owner()), e.getMessage());
        }
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsHolderNoLongerReleasesIt() throws Exception {
        var dead = MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofSeconds(5));
        // The holder died: its lease runs out.
        try (Connection c = db.getConnection(); var s = c.prepareStatement("UPDATE " + MigrationLock.TABLE + " SET expires_at = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(1)));
            s.executeUpdate();
        }
        try (var next = MigrationLock.acquire(db, Clock.systemUTC(), Duration.ofSeconds(5))) {
            dead.close();
            assertEquals(next.owner(), holder(), "the late holder's close leaves the new lease alone");
        }
    }

    private String holder() throws SQLException {
        try (Connection c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT owner FROM " + MigrationLock.TABLE + " WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
