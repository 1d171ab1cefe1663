package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.api.TestInstance;
import webstack.testing.LogLines;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * One request id followed end to end through deploy/cluster up 1 (the real nginx, the real
 * Tomcat, text logs): the id nginx makes, or a well-formed one the client sends, is in the
 * response header, the problem body, nginx's access log, Tomcat's access log and the
 * application's log line for that request. Writes one such trace to
 * target/request-id-trace.txt.
 */
@Needs({Service.MARIADB, Service.NGINX})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIdThroughNginxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "not-the-password-9c1e";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Cluster cluster;
    private Path nginxLog;
    private Path tomcatLog;
    private Path appLog;

    @BeforeAll
    void up() throws Exception {
        cluster = new Cluster("request-id", 1, Map.of());
        cluster.run("up", "1");
        nginxLog = cluster.dir.resolve("nginx/logs/access.log");
        tomcatLog = LogLines.tomcatAccessLog(cluster.dir.resolve("tomcat-1"));
        appLog = cluster.dir.resolve("tomcat-1/logs/catalina.out");
    }

    @AfterAll
    void down() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** A login refused (the application logs it), through nginx, with {@code id} as X-Request-Id (null: none). */
    private HttpResponse<String> refusedLogin(String id) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(cluster.uri("/token")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=nobody%40example.com&password=" + PASSWORD));
        if (id != null) request.header("X-Request-Id", id);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The id of a refused login's answer: one header, the same in the problem. */
    private static String idOf(HttpResponse<String> response) throws IOException {
        assertEquals(401, response.statusCode(), response.body());
        List<String> headers = response.headers().allValues("X-Request-Id");
        assertEquals(1, headers.size(), "exactly one X-Request-Id: " + headers);
        assertEquals(headers.get(0), JSON.readTree(response.body()).path("requestId").asText(), response.body());
        return headers.get(0);
    }

    /** The id in nginx's access log, Tomcat's access log and the application's log line for the login. */
    private List<String> assertLogged(String id) throws Exception {
        String nginx = LogLines.await(nginxLog, "rid=" + id);
        assertTrue(nginx.contains("\"POST /token HTTP/1.1\" 401 "), nginx);
        String tomcat = LogLines.await(tomcatLog, " " + id);
        assertTrue(tomcat.contains("\"POST /token HTTP/1.1\" 401 ") && tomcat.endsWith(" " + id), tomcat);
        String app = LogLines.await(appLog, "requestId=" + id + " ");
        assertTrue(app.contains(" INFO  webstack.user.UserService ") && app.endsWith("Login refused: no account with that email"), app);
        return List.of(nginx, tomcat, app);
    }

    @Test
    void anIdNginxMakesIsFollowedToTheApplicationsLogLine() throws Exception {
        String id = idOf(refusedLogin(null));
        assertTrue(id.matches("[0-9a-f]{32}"), "nginx's $request_id: " + id);
        List<String> lines = assertLogged(id);
        Files.writeString(TomcatInstance.PROJECT.resolve("target/request-id-trace.txt"), String.join("\n",
                "# One request id through nginx, Tomcat and the application (RequestIdThroughNginxIT, deploy/cluster up 1)",
                "$ curl -si -X POST http://127.0.0.1:" + cluster.port + "/token --data 'username=nobody%40example.com&password=...'",
                "X-Request-Id: " + id,
                "",
                "# nginx access log (" + cluster.dir.relativize(nginxLog) + ")",
                lines.get(0),
                "# Tomcat access log (" + cluster.dir.relativize(tomcatLog) + ")",
                lines.get(1),
                "# application log (" + cluster.dir.relativize(appLog) + ")",
                lines.get(2),
                ""));
        assertFalse(Files.readString(appLog).contains(PASSWORD), "no password in the application log");
    }

    @Test
    void aWellFormedIdTheClientSendsIsKeptThroughout() throws Exception {
        String sent = "client-trace-" + System.nanoTime();
        assertEquals(sent, idOf(refusedLogin(sent)));
        assertLogged(sent);
    }

    @Test
    void aMalformedIdIsReplacedByNginxsOwn() throws Exception {
        String sent = "not well formed " + System.nanoTime();
        String id = idOf(refusedLogin(sent));
        assertNotEquals(sent, id);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertLogged(id);
    }

    /** nginx's own answers carry an id too, in the header and in its problems: one it refuses (a ";" in the path), and the static files it serves. */
    @Test
    void nginxsOwnAnswersCarryTheId() throws Exception {
        var refused = client.send(HttpRequest.newBuilder(cluster.uri("/a;b")).header("X-Request-Id", "refused-by-nginx-1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertEquals(List.of("refused-by-nginx-1"), refused.headers().allValues("X-Request-Id"));
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(null));
        JsonNode problem = JSON.readTree(refused.body());
        assertEquals("refused-by-nginx-1", problem.path("requestId").asText(), refused.body());
        assertEquals(400, problem.path("status").asInt(), "the rest of the problem is intact: " + refused.body());
        var made = client.send(HttpRequest.newBuilder(cluster.uri("/a;c")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, made.statusCode());
        String madeId = made.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(madeId.matches("[0-9a-f]{32}"), madeId);
        assertEquals(madeId, JSON.readTree(made.body()).path("requestId").asText(), "an id nginx made: " + made.body());
        assertTrue(LogLines.await(nginxLog, "rid=refused-by-nginx-1").contains(" 400 "));
        var file = client.send(HttpRequest.newBuilder(cluster.uri("/static/site.css")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, file.statusCode());
        assertTrue(file.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f]{32}"), file.headers().toString());
    }
}
