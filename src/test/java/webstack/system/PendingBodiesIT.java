package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.TomcatInstance;

/**
 * Requests with a body in progress are bounded (APP_BODY_MAX_PENDING): past the bound a
 * registration is answered 503 with Retry-After at once, requests without a body are served
 * as before, and the places come back as the pending requests end, whichever way they end.
 */
class PendingBodiesIT {

    private static final int MAX_PENDING = 4;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TomcatInstance tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = TomcatInstance.start("pending-bodies", Map.of("APP_BODY_MAX_PENDING", Integer.toString(MAX_PENDING)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) tomcat.close();
    }

    @Test
    void pastTheBoundABodyIsRefusedAtOnceAndThePlacesComeBack() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PENDING; i++) slow.add(Http.startSlowRegistration(tomcat.port()));
            // Every place is taken by a body still arriving (the server has read their headers
            // once a request past them is refused).
            HttpResponse<String> refused = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                refused = register("refused@example.com");
                if (refused.statusCode() == 503) break;
                Thread.sleep(100);
            }
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertTrue(refused.body().contains("Too many requests with a body in progress"), refused.body());

            var health = CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "a request without a body is not refused");
        } finally {
            for (Socket s : slow) s.close(); // the slow clients give up: their places are free again
        }
        int status = 0;
        long gone = System.nanoTime();
        for (int attempt = 0; status != 201 && System.nanoTime() - gone < Duration.ofSeconds(15).toNanos(); attempt++) {
            status = register("after-" + attempt + "@example.com").statusCode();
            if (status != 201) Thread.sleep(200);
        }
        assertEquals(201, status, "a registration once the slow clients have gone");
        // An answered request gives its place back, also one that waited for its bcrypt turn
        // asynchronously: more registrations in a row than there are places.
        for (int i = 0; i < 3 * MAX_PENDING; i++) {
            var r = register("in-a-row-" + i + "@example.com");
            assertEquals(201, r.statusCode(), "registration " + (i + 1) + " in a row: " + r.body());
        }
    }

    private static HttpResponse<String> register(String email) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/users")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                        + "\",\"name\":\"N\",\"password\":\"correct horse battery\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
