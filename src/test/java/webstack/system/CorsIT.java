package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.system.CorsContract.header;
import static webstack.system.CorsContract.send;

import java.net.http.HttpRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.OnSharedTomcat;
import webstack.testing.Site;

/** CORS in the deployed WAR: the contract on the API routes, and none on the pages. */
class CorsIT extends OnSharedTomcat implements CorsContract {

    @Override
    public Site site() {
        return tomcat;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/bench", "/Hello/2"})
    void pagesHaveNoCors(String path) throws Exception {
        var r = send(HttpRequest.newBuilder(tomcat.uri(path)).header("Origin", "https://app.example"));
        assertEquals(200, r.statusCode());
        assertNull(header(r, "Access-Control-Allow-Origin"));
        var preflight = send(HttpRequest.newBuilder(tomcat.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, preflight.statusCode());
        assertTrue(header(preflight, "Allow").startsWith("GET, HEAD"), header(preflight, "Allow"));
    }
}
