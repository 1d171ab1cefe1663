package webstack.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static webstack.testing.Http.get;
import static webstack.testing.Http.header;
import static webstack.testing.Http.send;
import static webstack.testing.Http.text;

import org.junit.jupiter.api.Test;
import webstack.testing.Site;

/** {@code /health} as every implementation answers it (a database that goes away: DatabaseOutageIT). */
public interface HealthContract {

    Site site();

    @Test
    default void healthReportsTheDatabaseUp() throws Exception {
        var r = get(site().uri("/health"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("{\"status\":\"healthy\",\"database\":\"up\"}", text(r));
        assertEquals("no-store", header(r, "Cache-Control"));
    }

    @Test
    default void healthRefusesWritesWithAProblem405() throws Exception {
        var r = send("POST", site().uri("/health"));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD, OPTIONS", header(r, "Allow"));
        assertEquals("application/problem+json", header(r, "Content-Type"));
    }
}
