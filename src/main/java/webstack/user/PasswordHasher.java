package webstack.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import webstack.system.HttpError;

/**
 * bcrypt hashing of passwords, at a configurable cost, on a few threads of its own: bcrypt is
 * slow on purpose, so a flood of logins or registrations must neither occupy the request
 * threads nor outlive its clients. A turn waits at most {@code wait}, then is given up, never
 * hashed, and answered 503 with Retry-After.
 * {@link #hashLater} waits without holding the caller's thread: a registration flood whose
 * clients have gone is refused within {@code wait}, instead of being hashed for nobody.
 */
public final class PasswordHasher implements AutoCloseable {

    /** Turns that may wait at once; beyond them a request is answered 503 at once. */
    static final int QUEUE = 4096;

    private final int cost;
    private final Duration wait;
    private final ThreadPoolExecutor pool;
    /** Checked against when the user does not exist, so a wrong email costs as much time as a wrong password. */
    private final String decoy;
    /** For the metrics: turns waiting for a thread (not those given up), hashes running, turns refused. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param concurrency how many hashes run at once (the cores: more only queue in the CPU)
     * @param wait        how long a request waits for its turn before a 503
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

    /** The password's hash, when its turn comes: fails with a 503 {@link HttpError} if it does not come in time. */
    public CompletableFuture<String> hashLater(String password) {
        return inTurn(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()));
    }

    public String hash(String password) {
        return await(hashLater(password));
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) return false; // never stored: registration refuses them
        byte[] stored = (hash == null ? decoy : hash).getBytes(StandardCharsets.UTF_8);
        return await(inTurn(() -> BCrypt.verifyer().verify(bytes, stored).verified)) && hash != null;
    }

    /**
     * {@code work} on the hashing threads. Whoever claims the turn first decides it: a hashing
     * thread when it starts the work, or the deadline, which gives the turn up: the work is
     * skipped when a thread reaches it.
     */
    private <T> CompletableFuture<T> inTurn(Supplier<T> work) {
        var claimed = new AtomicBoolean();
        var result = new CompletableFuture<T>();
        waiting.incrementAndGet();
        try {
            pool.execute(() -> {
                if (!claimed.compareAndSet(false, true)) return;
                waiting.decrementAndGet();
                running.incrementAndGet();
                try {
                    result.complete(work.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException full) {
            waiting.decrementAndGet();
            return CompletableFuture.failedFuture(busy());
        }
        CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (claimed.compareAndSet(false, true)) {
                waiting.decrementAndGet();
                result.completeExceptionally(busy());
            }
        });
        return result;
    }

    /** The outcome of a turn on the caller's thread: its value, or what it failed with. */
    static <T> T await(CompletableFuture<T> turn) {
        try {
            return turn.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    private HttpError busy() {
        refused.incrementAndGet();
        return HttpError.busy("Too many password checks at once, try again shortly");
    }

    /** Turns waiting for a hashing thread now. */
    public int waiting() {
        return waiting.get();
    }

    /** Hashes running now. */
    public int running() {
        return running.get();
    }

    /** Turns refused since start (503): the queue was full, or the turn did not come in time. */
    public long refused() {
        return refused.get();
    }

    /** Stops the hashing threads; a turn still waiting gets its 503 when its time is over. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
