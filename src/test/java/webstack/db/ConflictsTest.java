package webstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;

class ConflictsTest {

    /** What MyBatis throws for Connector/J's error 1213 (a deadlock, or Galera's certification failure). */
    private static PersistenceException deadlock() {
        return new PersistenceException(new SQLTransactionRollbackException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
    }

    @Test
    void aConflictIsRunAgainUntilItCommits() {
        var runs = new AtomicInteger();
        String result = Conflicts.retry(() -> {
            if (runs.incrementAndGet() < Conflicts.ATTEMPTS) throw deadlock();
            return "committed";
        });
        assertEquals("committed", result);
        assertEquals(Conflicts.ATTEMPTS, runs.get());
    }

    @Test
    void aWriteThatKeepsConflictingGivesUpAfterItsAttempts() {
        var runs = new AtomicInteger();
        PersistenceException last = deadlock();
        var thrown = assertThrows(PersistenceException.class, () -> Conflicts.retry(() -> {
            runs.incrementAndGet();
            throw last;
        }));
        assertSame(last, thrown);
        assertEquals(Conflicts.ATTEMPTS, runs.get());
        assertTrue(Conflicts.isConflict(thrown));
    }

    @Test
    void anythingElseIsNotRunAgain() {
        var runs = new AtomicInteger();
        var duplicate = new PersistenceException(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062));
        assertThrows(PersistenceException.class, () -> Conflicts.retry(() -> {
            runs.incrementAndGet();
            throw duplicate;
        }));
        assertEquals(1, runs.get());
        assertFalse(Conflicts.isConflict(duplicate));
        assertFalse(Conflicts.isConflict(new IllegalStateException("bug")));
    }

    @Test
    void aConflictIsKnownByItsStateOrCodeAsWellAsItsClass() {
        assertTrue(Conflicts.isConflict(new RuntimeException(new SQLException("serialization failure", "40001"))));
        assertTrue(Conflicts.isConflict(new RuntimeException(new SQLException("Deadlock", "HY000", 1213))));
        assertFalse(Conflicts.isConflict(new RuntimeException(new SQLException("Lock wait timeout", "HY000", 1205))));
    }
}
