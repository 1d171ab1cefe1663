package webstack.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One running implementation of the site under test, reached over HTTP on 127.0.0.1: the
 * Java one in Tomcat ({@link TomcatInstance}) or a peer of the comparison ({@link PeerServer}).
 * The black-box contract tests take a Site, so the same tests hold every implementation to the
 * same contract.
 */
public interface Site {

    /** The admin account every test site is started with (APP_ADMIN_EMAIL, APP_ADMIN_PASSWORD_FILE). */
    String ADMIN_EMAIL = "admin@webstack.test";
    String ADMIN_PASSWORD = "test admin password";

    /** The port on 127.0.0.1 the site listens on. */
    int port();

    default URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Every line the implementation logged so far, to check what must never be logged. */
    String logs() throws IOException;

    /** The settings that give a site the test admin account, its password in a 0600 file in {@code dir}. */
    static Map<String, String> adminSettings(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path password = dir.resolve("admin-password");
        Files.writeString(password, ADMIN_PASSWORD + "\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return Map.of("APP_ADMIN_EMAIL", ADMIN_EMAIL, "APP_ADMIN_PASSWORD_FILE", password.toString());
    }
}
