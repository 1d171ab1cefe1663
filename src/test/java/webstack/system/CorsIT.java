package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.OnSharedTomcat;

/** CORS on the API routes, as the article's middleware, in the deployed WAR. */
class CorsIT extends OnSharedTomcat {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/users|GET, HEAD, POST, PATCH, DELETE, OPTIONS", "/users/1|GET, HEAD, POST, PATCH, DELETE, OPTIONS",
            "/token|POST, OPTIONS", "/json|GET, HEAD, OPTIONS", "/health|GET, HEAD, OPTIONS"})
    void preflightIs204WithTheCorsHeadersOfThatRoute(String path, String methods) throws Exception {
        var r = send(HttpRequest.newBuilder(tomcat.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type"));
        assertEquals(204, r.statusCode());
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertEquals(methods, header(r, "Access-Control-Allow-Methods"));
        assertEquals("Origin, Content-Type, Authorization", header(r, "Access-Control-Allow-Headers"));
        assertNull(header(r, "Access-Control-Allow-Credentials"), "no credentials with *");
    }

    @Test
    void simpleRequestsAndTheirErrorsCarryTheAllowOriginHeader() throws Exception {
        var r = send(HttpRequest.newBuilder(tomcat.uri("/users")).header("Origin", "https://app.example"));
        assertEquals(401, r.statusCode());
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
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

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
