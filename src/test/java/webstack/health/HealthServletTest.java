package webstack.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.system.Json;
import webstack.testing.InMemoryDatabase;

/** {@code GET /health}: what nginx and the deploy scripts ask, never cached. */
class HealthServletTest {

    @RegisterExtension
    final InMemoryDatabase db = InMemoryDatabase.open();
    private final HealthServlet health = new HealthServlet(db.database(), Json.mapper());

    private MockHttpServletResponse get() throws Exception {
        var response = new MockHttpServletResponse();
        health.service(new MockHttpServletRequest("GET", "/health"), response);
        return response;
    }

    private static void assertAnswer(MockHttpServletResponse r, int status, String body) throws Exception {
        assertEquals(status, r.getStatus());
        assertEquals("application/json", r.getContentType());
        assertEquals("no-store", r.getHeader("Cache-Control"));
        assertEquals(body, r.getContentAsString());
        assertEquals(body.length(), r.getContentLength());
    }

    @Test
    void aReachableDatabaseIsHealthy() throws Exception {
        assertAnswer(get(), 200, "{\"status\":\"healthy\",\"database\":\"up\"}");
    }

    @Test
    void anUnreachableDatabaseIsUnhealthy() throws Exception {
        db.database().close();
        assertAnswer(get(), 503, "{\"status\":\"unhealthy\",\"database\":\"down\"}");
    }
}
