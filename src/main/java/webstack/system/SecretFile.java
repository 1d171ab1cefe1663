package webstack.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A secret kept in a file only its owner may read (mode 0600 or 0400), so it is not in the
 * environment of a process, which other users can often read from /proc.
 */
final class SecretFile {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFile() {
    }

    /** The file's first line; a missing, unreadable, shared or empty file stops the start-up. */
    static String read(String key, Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new AppConfig.ConfigException(key, file.toString(), "a file only its owner may read (chmod 600)");
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (secret.isEmpty()) throw new AppConfig.ConfigException(key, file.toString(), "a file holding the secret");
            return secret;
        } catch (IOException e) {
            throw new AppConfig.ConfigException(key, file.toString(), "a readable file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
