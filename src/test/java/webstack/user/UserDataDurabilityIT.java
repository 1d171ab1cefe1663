package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.TomcatInstance;

/**
 * deploy/run's default (embedded H2, generated token secret): users and tokens survive a
 * restart and a killed JVM.
 */
class UserDataDurabilityIT {

    @Test
    void usersAndTokensSurviveRestartAndCrash() throws Exception {
        try (var tomcat = TomcatInstance.start("durability", Map.of())) {
            var api = new Api(tomcat);
            var account = api.newAccount("durable password");

            var secretFile = tomcat.dir().resolve("data/token-secret");
            assertTrue(Files.exists(secretFile), "a generated secret is kept in the data directory");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));

            tomcat.restart();
            var read = api.request("GET", "/users/" + account.id(), account.token(), null);
            assertEquals(200, read.status(), "same token after a restart: " + read.body());
            assertEquals(account.email(), read.json().get("email").asText());

            // Committed just before a crash: still there after it.
            var second = api.newAccount("durable password");
            var renamed = api.request("PATCH", "/users/" + second.id(), second.token(), Map.of("name", "Renamed"));
            assertEquals(200, renamed.status());
            tomcat.crashAndRestart();
            var afterCrash = api.request("GET", "/users/" + second.id(), account.token(), null);
            assertEquals(200, afterCrash.status(), afterCrash.body());
            assertEquals("Renamed", afterCrash.json().get("name").asText());
            assertEquals(200, api.request("GET", "/users/" + account.id(), second.token(), null).status());
        }
    }
}
