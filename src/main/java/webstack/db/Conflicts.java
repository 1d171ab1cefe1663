package webstack.db;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import webstack.system.Errors;

/**
 * Writes the database rolled back for a conflict with another transaction: a deadlock, or on
 * a Galera cluster a commit that failed certification against a write replicated from
 * another node (both error 1213, SQLSTATE 40001). Such a transaction did nothing, so it is
 * run again from the start; when it keeps conflicting the caller answers 503 (see
 * {@link Errors}): never a 500, never half a write.
 */
public final class Conflicts {

    private static final Logger LOG = LoggerFactory.getLogger(Conflicts.class);
    /** Runs of one write in all: enough for the server's own autocommit retries' stragglers. */
    public static final int ATTEMPTS = 3;

    private Conflicts() {
    }

    /** {@code write}, run again while it is rolled back for a conflict, at most {@link #ATTEMPTS} times. */
    public static <T> T retry(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isConflict(e)) throw e;
                LOG.info("Write rolled back for a conflict (attempt {} of {}), running it again: {}",
                        attempt, ATTEMPTS, rootMessage(e));
            }
        }
    }

    public static void retry(Runnable write) {
        retry(() -> {
            write.run();
            return null;
        });
    }

    /** Whether {@code error} is a transaction the database rolled back for a conflict ({@link Errors#isConflict}). */
    public static boolean isConflict(Throwable error) {
        return Errors.isConflict(error);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
