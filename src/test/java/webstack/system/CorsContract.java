package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import webstack.testing.Site;

/** CORS on the API routes, as the article's middleware, as every implementation answers it. */
public interface CorsContract {

    Site site();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/users|GET, HEAD, POST, OPTIONS", "/users/1|GET, HEAD, PATCH, DELETE, OPTIONS",
            "/token|POST, OPTIONS", "/json|GET, HEAD, OPTIONS", "/health|GET, HEAD, OPTIONS"})
    default void preflightIs204WithTheCorsHeadersOfThatRoute(String path, String methods) throws Exception {
        var r = send(HttpRequest.newBuilder(site().uri(path))
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
    default void simpleRequestsAndTheirErrorsCarryTheAllowOriginHeader() throws Exception {
        var r = send(HttpRequest.newBuilder(site().uri("/users")).header("Origin", "https://app.example"));
        assertEquals(401, r.statusCode());
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }
}
