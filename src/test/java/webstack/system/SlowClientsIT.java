package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.OnSharedTomcat;

/**
 * Slow and idle clients do not starve an instance: 50 idle connections and 50 clients that
 * send a request body one byte a second (more than the 16 request threads) leave normal
 * requests answered at once, because bodies are read without a thread; a body that does not
 * arrive within the body timeout (10 s) is answered 408.
 */
class SlowClientsIT extends OnSharedTomcat {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @Test
    void slowBodiesAndIdleConnectionsDelayNobody() throws Exception {
        List<Socket> idle = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) idle.add(connect());
            for (int i = 0; i < 50; i++) {
                slow.add(Http.startSlowRegistration(tomcat.port()));
            }
            long started = System.nanoTime();
            for (int second = 0; second < 3; second++) {
                Thread.sleep(1_000);
                for (Socket s : slow) s.getOutputStream().write(' ');
            }
            // Every slow client is mid-body now; normal requests must not wait for them.
            var health = CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            var register = CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/users")).timeout(Duration.ofSeconds(3))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"slow-" + System.nanoTime()
                            + "@example.com\",\"name\":\"N\",\"password\":\"correct horse battery\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, register.statusCode(), register.body());

            // Keep trickling past the body timeout: the server gives up on them with a 408.
            while (System.nanoTime() - started < Duration.ofSeconds(12).toNanos()) {
                Thread.sleep(1_000);
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (IOException closedByTheServer) {
                        // expected once it answered 408
                    }
                }
            }
            String answer = readAnswer(slow.get(0));
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        } finally {
            for (Socket s : idle) s.close();
            for (Socket s : slow) s.close();
        }
        assertEquals(200, CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private static Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), tomcat.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String readAnswer(Socket socket) throws IOException {
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }
}
