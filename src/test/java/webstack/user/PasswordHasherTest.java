package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.system.HttpError;
import webstack.testing.TestWiring;

/** bcrypt hashing: salted, at the configured cost, 72 bytes of UTF-8 and not one more. */
class PasswordHasherTest {

    private final PasswordHasher hasher = TestWiring.hasher(TestWiring.BCRYPT_COST);

    @Test
    void aHashIsSaltedBcryptAtTheConfiguredCost() {
        String hash = hasher.hash("correct horse");
        assertTrue(hash.startsWith("$2a$04$"), hash);
        assertEquals(60, hash.length());
        assertNotEquals(hash, hasher.hash("correct horse"), "a new salt every time");
        assertTrue(TestWiring.hasher(5).hash("correct horse").startsWith("$2a$05$"));
    }

    @Test
    void matchesOnlyTheSamePassword() {
        String hash = hasher.hash("correct horse");
        assertTrue(hasher.matches("correct horse", hash));
        assertFalse(hasher.matches("correct horsE", hash));
        assertFalse(hasher.matches("correct horse ", hash));
        assertFalse(hasher.matches("", hash));
    }

    @Test
    void noHashMatchesNothing() {
        assertFalse(hasher.matches("decoy password, never matches", null));
        assertFalse(hasher.matches("anything", null));
    }

    @Test
    void passwordsAreUtf8() {
        String hash = hasher.hash("Grüße, 世界");
        assertTrue(hasher.matches("Grüße, 世界", hash));
        assertFalse(hasher.matches("Grusse, 世界", hash));
    }

    @Test
    void seventyTwoBytesAreTheWholePassword() {
        String full = "é".repeat(36);
        assertEquals(72, full.getBytes(StandardCharsets.UTF_8).length);
        String hash = hasher.hash(full);
        assertTrue(hasher.matches(full, hash));
        String hashOfX = hasher.hash("p".repeat(71) + "x");
        assertFalse(hasher.matches("p".repeat(71) + "y", hashOfX), "the 72nd byte counts");
    }

    @Test
    void longerPasswordsAreNeverCutToFit() {
        String hash = hasher.hash("p".repeat(72));
        assertFalse(hasher.matches("p".repeat(72) + "q", hash), "73 bytes never match, even their first 72's hash");
        assertThrows(IllegalArgumentException.class, () -> hasher.hash("p".repeat(73)));
    }

    @Test
    void aTurnGivenUpIsNeverHashed() throws Exception {
        // One hashing thread; a turn is given up after 200 ms, far less than a cost-13 hash.
        var hasher = new PasswordHasher(13, 1, Duration.ofMillis(200));
        try {
            var first = CompletableFuture.supplyAsync(() -> hasher.hash("first password"));
            Thread.sleep(100);
            HttpError refused = assertThrows(HttpError.class, () -> hasher.hash("second password"));
            assertEquals(503, refused.status());
            assertTrue(first.get(60, TimeUnit.SECONDS).startsWith("$2a$13$"));
            // Had the second turn been hashed after all, the third would wait behind it and be refused.
            assertTrue(hasher.hash("third password").startsWith("$2a$13$"));
        } finally {
            hasher.close();
        }
    }

    @Test
    void itsMetersCountTurnsWaitingRunningAndRefused() throws Exception {
        var hasher = new PasswordHasher(13, 1, Duration.ofMillis(300));
        try {
            var first = CompletableFuture.supplyAsync(() -> hasher.hash("first password"));
            Thread.sleep(100);
            var second = CompletableFuture.supplyAsync(() -> hasher.hash("second password"));
            Thread.sleep(100);
            assertEquals(1, hasher.running(), "the first, hashing");
            assertEquals(1, hasher.waiting(), "the second, waiting for the thread");
            assertEquals(503, assertThrows(Exception.class, () -> second.get(60, TimeUnit.SECONDS)).getCause() instanceof HttpError e
                    ? e.status() : 0);
            assertEquals(0, hasher.waiting(), "a turn given up waits no more, though it is still in the thread's queue");
            assertEquals(1, hasher.refused());
            first.get(60, TimeUnit.SECONDS);
            // The hashing thread counts itself out just after it hands the hash over.
            for (int i = 0; i < 100 && hasher.running() > 0; i++) Thread.sleep(10);
            assertEquals(0, hasher.running());
        } finally {
            hasher.close();
        }
    }

    @Test
    void aClosedHasherRefusesWith503() {
        var hasher = TestWiring.hasher(TestWiring.BCRYPT_COST);
        hasher.close();
        assertEquals(503, assertThrows(HttpError.class, () -> hasher.hash("any password")).status());
    }
}
