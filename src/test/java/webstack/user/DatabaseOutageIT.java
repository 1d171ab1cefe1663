package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.MariaDbServer;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * The database goes away while the app runs (a private MariaDB server, stopped and killed):
 * requests get a prompt 503 with a clear detail, and service comes back by itself.
 */
@Needs(Service.MARIADB_SERVER)
class DatabaseOutageIT {

    @Test
    void databaseStoppedAndStartedAgain() throws Exception {
        try (var db = MariaDbServer.start(TomcatInstance.PROJECT.resolve("target/it/outage-db"))) {
            db.createDatabase("webstack");
            try (var tomcat = TomcatInstance.start("outage", Map.of(
                    "APP_DB_URL", db.jdbcUrl("webstack"),
                    "APP_DB_USER", db.user(),
                    "APP_DB_PASSWORD", db.password(),
                    "APP_DB_TIMEOUT_MS", "2000"))) {
                var api = new Api(tomcat);
                var account = api.newAccount("outage password");

                db.stop();
                assertUnavailable(api, account);
                db.restart();
                awaitServing(api, account);

                db.kill();
                assertUnavailable(api, account);
                db.restart();
                awaitServing(api, account);
                assertEquals(account.email(),
                        api.request("GET", "/users/" + account.id(), account.token(), null).json().get("email").asText(),
                        "committed data is still there");
                assertFalse(tomcat.allLogs().contains("SEVERE [http"), "no request logged an unexpected error");
            }
        }
    }

    private static void assertUnavailable(Api api, Api.Account account) throws Exception {
        long start = System.nanoTime();
        var read = api.request("GET", "/users/" + account.id(), account.token(), null);
        var register = api.register("x" + System.nanoTime() + "@example.com", "N", "outage password");
        var health = api.request("GET", "/health", null, null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (var r : new Api.Response[] {read, register}) {
            assertEquals(503, r.status(), r.body());
            assertEquals("Database unavailable, try again shortly", r.detail());
            assertFalse(r.body().contains("Exception"), r.body());
        }
        assertEquals(503, health.status());
        assertEquals("{\"status\":\"unhealthy\",\"database\":\"down\"}", health.body());
        // An orchestrator takes the instance out of rotation, but must not restart it.
        var ready = api.request("GET", "/health/ready", null, null);
        assertEquals(503, ready.status());
        assertEquals("{\"status\":\"down\",\"checks\":{\"database\":\"down\"}}", ready.body());
        assertEquals(200, api.request("GET", "/health/live", null, null).status());
        assertTrue(took.toSeconds() < 20, "bounded: three requests took " + took);
    }

    private static void awaitServing(Api api, Api.Account account) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = api.request("GET", "/users/" + account.id(), account.token(), null).status();
            if (status == 200) {
                assertEquals(200, api.request("GET", "/health", null, null).status());
                assertEquals(200, api.request("GET", "/health/ready", null, null).status());
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not serving 30 s after the database came back (last status " + status + ")");
    }
}
