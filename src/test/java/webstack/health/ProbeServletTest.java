package webstack.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.system.Json;
import webstack.testing.InMemoryDatabase;

/** {@code /health/live} and {@code /health/ready}: what each reports, and when readiness fails. */
class ProbeServletTest {

    @RegisterExtension
    final InMemoryDatabase db = InMemoryDatabase.open();
    private final ProbeServlet probes = new ProbeServlet(db.database(), Json.mapper());

    private MockHttpServletResponse get(String path) throws Exception {
        var request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        var response = new MockHttpServletResponse();
        probes.service(request, response);
        assertEquals("application/json", response.getContentType());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        return response;
    }

    private void assertAnswer(String path, int status, String body) throws Exception {
        var r = get(path);
        assertEquals(status, r.getStatus(), path);
        assertEquals(body, r.getContentAsString(), path);
    }

    @Test
    void aMigratedReachableDatabaseIsReady() throws Exception {
        assertAnswer("/health/live", 200, "{\"status\":\"up\"}");
        assertAnswer("/health/ready", 200, "{\"status\":\"up\",\"checks\":{\"database\":\"up\",\"schema\":\"up\"}}");
    }

    @Test
    void anUnreachableDatabaseIsNotReadyButTheProcessIsLive() throws Exception {
        db.database().close();
        assertAnswer("/health/ready", 503, "{\"status\":\"down\",\"checks\":{\"database\":\"down\"}}");
        assertAnswer("/health/live", 200, "{\"status\":\"up\"}");
    }

    @Test
    void aSchemaBehindThisBuildsMigrationsIsNotReady() throws Exception {
        // As if the database were restored from a backup taken before the newest migration.
        try (var connection = db.connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM flyway_schema_history WHERE installed_rank ="
                    + " (SELECT MAX(installed_rank) FROM flyway_schema_history)");
        }
        assertAnswer("/health/ready", 503, "{\"status\":\"down\",\"checks\":{\"database\":\"up\",\"schema\":\"behind\"}}");
    }

    @Test
    void aSchemaMigratedByANewerBuildIsNotReadyForThisOne() throws Exception {
        try (var connection = db.connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'newer', 'SQL', 'V999__newer.sql', 'test', 1, TRUE)");
        }
        assertAnswer("/health/ready", 503, "{\"status\":\"down\",\"checks\":{\"database\":\"up\",\"schema\":\"ahead\"}}");
    }
}
