package webstack.user;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webstack.testing.TomcatInstance;

/**
 * A flood of registrations whose clients give up costs the instance seconds, not minutes:
 * 300 POST /users at bcrypt cost 12 (about 130 ms of a core each here), sent at once and
 * abandoned, would take 40 s to hash for nobody. A registration waits for its bcrypt turn
 * without a request thread, at most the bcrypt wait, then is refused unhashed.
 */
class RegistrationFloodIT {

    private static final int FLOOD = 300;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TomcatInstance tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = TomcatInstance.start("registration-flood", Map.of("APP_BCRYPT_COST", "12", "APP_BCRYPT_WAIT_MS", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) tomcat.close();
    }

    @Test
    void aRegistrationIsServedSoonAfterAnAbandonedFlood() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                var socket = new Socket(InetAddress.getLoopbackAddress(), tomcat.port());
                String body = "{\"email\":\"flood-" + i + "@example.com\",\"name\":\"F\",\"password\":\"correct horse battery\"}";
                socket.getOutputStream().write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                flood.add(socket);
            }
            Thread.sleep(1_000);
        } finally {
            for (Socket s : flood) s.close(); // the clients give up
        }
        long gone = System.nanoTime();
        int status = 0;
        for (int attempt = 0; status != 201 && System.nanoTime() - gone < Duration.ofSeconds(60).toNanos(); attempt++) {
            status = register("after-flood-" + attempt + "@example.com");
            if (status != 201) Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - gone) / 1e9;
        assertTrue(status == 201, "no registration within 60 s of the flood, last status " + status);
        // Hashing the whole flood would take about 40 s (300 x 260 ms on 2 threads).
        assertTrue(seconds < 15, "the first registration after the flood took " + seconds + " s");
    }

    private static int register(String email) throws IOException, InterruptedException {
        try {
            return CLIENT.send(HttpRequest.newBuilder(tomcat.uri("/users")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                            + "\",\"name\":\"N\",\"password\":\"correct horse battery\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException stillBusy) {
            return 0;
        }
    }
}
