package webstack.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import webstack.system.AppConfig;

/**
 * The secret that signs tokens: the configured one, else one generated once and kept in the
 * data directory (mode 600), so tokens survive a restart and are valid on every instance
 * that shares the directory or the configured secret.
 */
public final class TokenSecret {

    static final String FILE_NAME = "token-secret";

    private TokenSecret() {
    }

    /** The secret {@code config} names, else the one kept in its data directory (created on first use). */
    public static byte[] of(AppConfig config) {
        try {
            return load(config.tokenSecret, config.dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the token secret in " + config.dataDir + ": " + e, e);
        }
    }

    static byte[] load(String configured, Path dataDir) throws IOException {
        if (configured != null) return configured.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) create(file);
        byte[] secret = Base64.getDecoder().decode(Files.readString(file).strip());
        if (secret.length < 32) throw new IOException(file + " holds fewer than 32 bytes of secret");
        return secret;
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
            // Another instance may have created it meanwhile: the first one wins, everyone reads
            // it. A hard link fails when the name exists (a rename would silently replace it).
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException someoneElseWon) {
            // keep theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
