package webstack.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import webstack.system.HttpError;

/**
 * bcrypt hashing of passwords, at a configurable cost, on a bounded number of threads at once:
 * bcrypt is slow on purpose, so a flood of logins or registrations could otherwise occupy
 * every request thread. A request that finds every slot taken waits a little, then gets 503.
 */
public final class PasswordHasher {

    private final int cost;
    private final Semaphore slots;
    private final Duration wait;
    /** Checked against when the user does not exist, so a wrong email costs as much time as a wrong password. */
    private final String decoy;

    /**
     * @param concurrency how many hashes may run at once (the cores: more only queue in the CPU)
     * @param wait        how long a request waits for a slot before it is answered 503
     */
    public PasswordHasher(int cost, int concurrency, Duration wait) {
        this.cost = cost;
        this.slots = new Semaphore(concurrency, true);
        this.wait = wait;
        this.decoy = BCrypt.withDefaults().hashToString(cost, "decoy password, never matches".toCharArray());
    }

    public String hash(String password) {
        acquire();
        try {
            return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
        } finally {
            slots.release();
        }
    }

    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 72) return false; // never stored: registration refuses them
        acquire();
        try {
            return BCrypt.verifyer().verify(bytes, (hash == null ? decoy : hash).getBytes(StandardCharsets.UTF_8)).verified
                    && hash != null;
        } finally {
            slots.release();
        }
    }

    private void acquire() {
        try {
            if (slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new HttpError(503, "Too many password checks at once, try again shortly", List.of(),
                Map.of("Retry-After", "1"));
    }
}
