package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import webstack.system.HttpError;
import webstack.testing.InMemoryDatabase;
import webstack.testing.TestWiring;

/** Failed logins back off per account, and bcrypt never takes more threads than it is given. */
class LoginBackoffTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final InMemoryDatabase db = InMemoryDatabase.open();
    private final TestClock clock = new TestClock();
    private final UserService users = TestWiring.users(db, clock);

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void theLockDoublesFromTheFirstUpToTheMost() {
        var backoff = new LoginBackoff(3, Duration.ofSeconds(60), Duration.ofSeconds(300));
        assertEquals(Duration.ZERO, backoff.lockAfter(2));
        assertEquals(Duration.ofSeconds(60), backoff.lockAfter(3));
        assertEquals(Duration.ofSeconds(120), backoff.lockAfter(4));
        assertEquals(Duration.ofSeconds(240), backoff.lockAfter(5));
        assertEquals(Duration.ofSeconds(300), backoff.lockAfter(6));
        assertEquals(Duration.ofSeconds(300), backoff.lockAfter(1_000));
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        users.register(new NewUser("ann@example.com", "Ann", "correct horse battery"));
        for (int i = 0; i < 5; i++) assertNull(users.authenticate("ann@example.com", "wrong password"));
        HttpError locked = assertThrows(HttpError.class, () -> users.authenticate("ann@example.com", "correct horse battery"));
        assertEquals(429, locked.status());
        assertEquals("60", locked.headers().get("Retry-After"));
        assertTrue(locked.getMessage().startsWith("Too many failed logins for this account"), locked.getMessage());

        clock.now = clock.now.plusSeconds(61);
        assertNull(users.authenticate("ann@example.com", "wrong again"), "the sixth failure locks for two minutes");
        assertEquals("120", assertThrows(HttpError.class, () -> users.authenticate("ann@example.com", "x")).headers().get("Retry-After"));

        clock.now = clock.now.plusSeconds(121);
        assertEquals("ann@example.com", users.authenticate("ann@example.com", "correct horse battery").getEmail());
        for (int i = 0; i < 4; i++) assertNull(users.authenticate("ann@example.com", "wrong password"));
        assertEquals("ann@example.com", users.authenticate("ann@example.com", "correct horse battery").getEmail(),
                "a success started the count again");
    }

    @Test
    void anotherAccountIsNotLocked() {
        users.register(new NewUser("ann@example.com", "Ann", "correct horse battery"));
        users.register(new NewUser("bob@example.com", "Bob", "correct horse battery"));
        for (int i = 0; i < 5; i++) users.authenticate("ann@example.com", "wrong password");
        assertEquals("bob@example.com", users.authenticate("bob@example.com", "correct horse battery").getEmail());
    }

    @Test
    void bcryptRunsOnBoundedSlotsAndTheRestGet503() throws Exception {
        // One slot, a short wait: while a slow hash holds the slot, the others are refused.
        var hasher = new PasswordHasher(12, 1, Duration.ofMillis(50));
        var pool = Executors.newFixedThreadPool(4);
        try {
            var start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        hasher.hash("correct horse battery");
                        return "hashed";
                    } catch (HttpError e) {
                        return e.status() + " " + e.headers().get("Retry-After");
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (var answer : answers) results.add(answer.get(60, TimeUnit.SECONDS));
            assertTrue(results.contains("hashed"), results.toString());
            assertTrue(results.contains("503 1"), "a cost-12 hash takes far longer than 50 ms: " + results);
        } finally {
            pool.shutdownNow();
        }
    }
}
