package webstack.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import webstack.system.HttpError;
import webstack.system.RequestClock;

/**
 * bcrypt hashing of passwords, at a configurable cost, on a few threads of its own: bcrypt is
 * slow on purpose, so a flood of logins or registrations must neither occupy every request
 * thread nor outlive its clients. A request waits for its turn at most {@code wait} from its
 * arrival ({@link RequestClock}: time queued for a request thread counts), then gets 503; a
 * turn given up that way is never hashed. Without that, after a flood of 10,000 registrations
 * whose clients have timed out, Tomcat went on hashing for them for minutes.
 */
public final class PasswordHasher implements AutoCloseable {

    /** Turns that may wait at once; beyond them a request is answered 503 at once. */
    static final int QUEUE = 4096;

    private final int cost;
    private final Duration wait;
    private final ThreadPoolExecutor pool;
    /** Checked against when the user does not exist, so a wrong email costs as much time as a wrong password. */
    private final String decoy;

    /**
     * @param concurrency how many hashes run at once (the cores: more only queue in the CPU)
     * @param wait        how long a request waits for its turn before it is answered 503
     */
    public PasswordHasher(int cost, int concurrency, Duration wait) {
        this.cost = cost;
        this.wait = wait;
        var names = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), work -> {
                    var thread = new Thread(work, "bcrypt-" + names.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.decoy = BCrypt.withDefaults().hashToString(cost, "decoy password, never matches".toCharArray());
    }

    public String hash(String password) {
        return inTurn(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()));
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) return false; // never stored: registration refuses them
        byte[] stored = (hash == null ? decoy : hash).getBytes(StandardCharsets.UTF_8);
        return inTurn(() -> BCrypt.verifyer().verify(bytes, stored).verified) && hash != null;
    }

    /**
     * Runs {@code work} on the hashing threads and waits for it. Whoever claims the turn first
     * decides it: the hashing thread when it starts the work, or the request when its wait is
     * over, which then gives the turn up (the work is skipped) and answers 503.
     */
    private <T> T inTurn(Supplier<T> work) {
        long waitNanos = RequestClock.arrivedNanos() + wait.toNanos() - System.nanoTime();
        if (waitNanos <= 0) throw busy(); // the request has waited its time already, queued for a thread
        var claimed = new AtomicBoolean();
        var result = new CompletableFuture<T>();
        try {
            pool.execute(() -> {
                if (!claimed.compareAndSet(false, true)) return; // given up: nobody waits for it
                try {
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            throw busy();
        }
        try {
            try {
                return result.get(waitNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (claimed.compareAndSet(false, true)) throw busy();
                return result.get(); // started in time: it ends within one hash
            }
        } catch (InterruptedException e) {
            claimed.set(true);
            Thread.currentThread().interrupt();
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static HttpError busy() {
        return new HttpError(503, "Too many password checks at once, try again shortly", List.of(),
                Map.of("Retry-After", "1"));
    }

    /** Stops the hashing threads; a request still waiting gets its 503 when its wait is over. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
