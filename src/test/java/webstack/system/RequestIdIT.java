package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.LogLines;
import webstack.testing.TomcatInstance;

/**
 * APP_LOG_FORMAT=json on a real Tomcat (deploy/run, access log on): the application log and
 * Tomcat's access log are JSON lines with the fields the README lists, and a request's id is
 * in both, in its response header and in its problem.
 */
class RequestIdIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "not-the-password-7f3a";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static TomcatInstance tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = TomcatInstance.start("request-id-json", Map.of("APP_LOG_FORMAT", "json", "APP_ACCESS_LOG", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) tomcat.close();
    }

    /** A login refused (logged by the application), sent with {@code id} as X-Request-Id (null: none). */
    private static HttpResponse<String> refusedLogin(String id) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(tomcat.uri("/token")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=nobody%40example.com&password=" + PASSWORD));
        if (id != null) request.header("X-Request-Id", id);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAppLogIsJsonLinesWithTheRequestIdInTheMdc() throws Exception {
        String id = "json-app-" + System.nanoTime();
        var response = refusedLogin(id);
        assertEquals(401, response.statusCode());
        assertEquals(List.of(id), response.headers().allValues("X-Request-Id"));
        assertEquals(id, JSON.readTree(response.body()).path("requestId").asText(), response.body());

        Path console = tomcat.dir().resolve("console.log");
        JsonNode line = JSON.readTree(LogLines.await(console, "\"requestId\":\"" + id + "\""));
        assertTrue(line.path("timestamp").isNumber(), line.toString());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("webstack.user.UserService", line.path("loggerName").asText());
        assertFalse(line.path("threadName").asText().isBlank(), line.toString());
        assertEquals("Login refused: no account with that email", line.path("formattedMessage").asText());
        assertEquals(id, line.path("mdc").path("requestId").asText());

        // Every line the application (Logback) wrote is JSON, start-up included; Tomcat's own are not its.
        String logs = Files.readString(console);
        List<String> appLines = logs.lines().filter(l -> l.startsWith("{")).toList();
        for (String l : appLines) JSON.readTree(l);
        assertTrue(appLines.stream().anyMatch(l -> l.contains("webstack started")), logs);
        assertFalse(tomcat.logs().contains(PASSWORD), "no password in any log");
    }

    @Test
    void theAccessLogIsJsonLinesWithTheRequestId() throws Exception {
        String id = "json-access-" + System.nanoTime();
        assertEquals(401, refusedLogin(id).statusCode());
        // Without an id of its own the request gets one, logged too.
        var made = Http.get(tomcat.uri("/json"));
        String madeId = Http.header(made, "X-Request-Id");
        assertTrue(madeId.matches("[0-9a-f]{32}"), madeId);

        Path log = LogLines.tomcatAccessLog(tomcat.dir().resolve("base"));
        JsonNode line = JSON.readTree(LogLines.await(log, id));
        assertEquals("POST", line.path("method").asText(), line.toString());
        assertEquals("/token", line.path("path").asText());
        assertEquals("401", line.path("statusCode").asText());
        assertEquals("127.0.0.1", line.path("remoteAddr").asText());
        assertTrue(line.path("time").asText().startsWith("["), line.toString());
        assertTrue(line.path("elapsedTime").asLong(-1) >= 0, line.toString());
        assertTrue(line.has("size") && line.has("protocol") && line.has("query"), line.toString());
        assertEquals(id, line.path("requestAttributes").path("requestId").asText());

        assertEquals("/json", JSON.readTree(LogLines.await(log, madeId)).path("path").asText());
        for (String l : Files.readAllLines(log)) JSON.readTree(l);
    }
}
