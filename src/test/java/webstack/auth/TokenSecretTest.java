package webstack.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webstack.system.AppConfig;

/** The signing secret: the configured one, else one generated once into the data directory, private to its owner. */
class TokenSecretTest {

    @TempDir
    Path dataDir;

    private AppConfig config(String... settings) {
        var env = new HashMap<>(Map.of("APP_DATA_DIR", dataDir.toString()));
        for (int i = 0; i < settings.length; i += 2) env.put(settings[i], settings[i + 1]);
        return new AppConfig(env, new Properties());
    }

    private Path file() {
        return dataDir.resolve(TokenSecret.FILE_NAME);
    }

    @Test
    void withoutAConfiguredSecretOneIsGeneratedIntoTheDataDirectory() throws IOException {
        byte[] secret = TokenSecret.of(config());
        assertEquals(48, secret.length);
        assertArrayEquals(secret, Base64.getDecoder().decode(Files.readString(file()).strip()));
        assertEquals(List.of(file()), Files.list(dataDir).toList(), "no temporary file left behind");
    }

    @Test
    void theGeneratedFileIsReadableByItsOwnerOnly() throws IOException {
        TokenSecret.of(config());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void theGeneratedSecretIsReusedNotRegenerated() throws IOException {
        byte[] first = TokenSecret.of(config());
        String stored = Files.readString(file());
        assertArrayEquals(first, TokenSecret.of(config()));
        assertEquals(stored, Files.readString(file()));
    }

    @Test
    void theDataDirectoryIsCreatedWhenMissing() throws IOException {
        Path nested = dataDir.resolve("a/b");
        byte[] secret = TokenSecret.load(null, nested);
        assertEquals(48, secret.length);
        assertTrue(Files.exists(nested.resolve(TokenSecret.FILE_NAME)));
    }

    @Test
    void aConfiguredSecretIsUsedAsItsUtf8BytesAndNothingIsWritten() throws IOException {
        String configured = "é-configured-secret-of-32-characters-or-more";
        assertArrayEquals(configured.getBytes(StandardCharsets.UTF_8),
                TokenSecret.of(config("APP_TOKEN_SECRET", configured)));
        assertEquals(List.of(), Files.list(dataDir).toList());
    }

    @Test
    void aConfiguredSecretUnder32CharactersStopsTheStartWithoutShowingIt() {
        var e = assertThrows(AppConfig.ConfigException.class, () -> config("APP_TOKEN_SECRET", "short-secret-31-characters-long"));
        assertTrue(e.getMessage().contains("app.token.secret"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 32 characters"), e.getMessage());
        assertFalse(e.getMessage().contains("short-secret"), "the secret is not shown: " + e.getMessage());
        assertEquals(32, config("APP_TOKEN_SECRET", "x".repeat(32)).tokenSecret.length());
    }

    @Test
    void aStoredSecretUnder32BytesIsRefused() throws IOException {
        Files.writeString(file(), Base64.getEncoder().encodeToString(new byte[31]) + "\n");
        var e = assertThrows(IllegalStateException.class, () -> TokenSecret.of(config()));
        assertTrue(e.getMessage().contains("fewer than 32 bytes"), e.getMessage());
    }

    /**
     * Instances that share the data directory and start together must end up signing with the
     * same secret, the one in the file: the first to create it wins and everyone reads it.
     */
    @Test
    void instancesStartingTogetherAgreeOnOneSecret() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path shared = Files.createDirectory(dataDir.resolve("round-" + round));
            List<byte[]> secrets = loadConcurrently(shared, 8);
            byte[] stored = Base64.getDecoder().decode(Files.readString(shared.resolve(TokenSecret.FILE_NAME)).strip());
            for (byte[] secret : secrets) {
                assertArrayEquals(stored, secret, "round " + round + ": an instance signs with a secret the file no longer holds");
            }
        }
    }

    private static List<byte[]> loadConcurrently(Path dir, int instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            var start = new CountDownLatch(1);
            List<Future<byte[]>> loads = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                loads.add(pool.submit(() -> {
                    start.await();
                    return TokenSecret.load(null, dir);
                }));
            }
            start.countDown();
            List<byte[]> secrets = new ArrayList<>();
            for (Future<byte[]> load : loads) secrets.add(load.get(30, TimeUnit.SECONDS));
            return secrets;
        } finally {
            pool.shutdownNow();
        }
    }
}
