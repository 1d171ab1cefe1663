package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import webstack.testing.Http;
import webstack.testing.Needs;
import webstack.testing.Service;
import webstack.testing.TomcatInstance;

/**
 * The product's nginx configuration ({@code deploy/nginx-render}) in front of stand-in
 * instances that count the requests reaching them: what nginx decides on its own.
 */
@Needs(Service.NGINX)
class NginxIT {

    private static final Path DIR = TomcatInstance.PROJECT.resolve("target/it/nginx");

    /**
     * Every instance answers 502 (as a dying one would): nginx tries a second one and no more,
     * and hands on that instance's own problem as it was.
     */
    @Test
    void aFailedRequestIsTriedOnOneOtherInstanceAtMostAndItsAnswerPassesUntouched() throws Exception {
        var hits = new AtomicInteger();
        Answer answer = behindNginx(502, "Bad Gateway", "is dying", hits);
        assertHandedOnUntouched(502, answer);
        assertEquals(2, hits.get(), "instances tried");
        assertEquals(null, answer.cacheControl, "not replaced by nginx's error page");
    }

    /**
     * An instance that answers 503 is alive and says why (the database is away, it is busy):
     * nginx hands its answer on at once, without waiting for another instance to say the same.
     */
    @Test
    void aServiceUnavailableAnswerIsHandedOnWithoutAnotherTry() throws Exception {
        var hits = new AtomicInteger();
        Answer answer = behindNginx(503, "Service Unavailable", "cannot reach the database", hits);
        assertHandedOnUntouched(503, answer);
        assertEquals(1, hits.get(), "instances tried");
    }

    /**
     * /metrics is for Prometheus on each instance's own port: through nginx it is an unknown
     * path, answered by nginx itself, whatever the instances would say.
     */
    @Test
    void metricsAreNotServedPublicly() throws Exception {
        var hits = new AtomicInteger();
        Answer answer = behindNginx("/metrics", 200, "OK", "has metrics", hits);
        assertEquals(404, answer.status);
        assertEquals("application/problem+json", answer.contentType);
        assertTrue(answer.body.contains("\"status\":404"), answer.body);
        assertEquals(0, hits.get(), "requests that reached an instance");
    }

    /** The answer is STATUS with one instance's own problem, as the instance sent it. */
    private static void assertHandedOnUntouched(int status, Answer answer) {
        assertEquals(status, answer.status);
        assertTrue(answer.bodies.contains(answer.body), "the instance's own problem: " + answer.body);
        assertEquals("application/problem+json", answer.contentType);
    }

    private record Answer(int status, String body, String contentType, String cacheControl, List<String> bodies) {}

    /** GET /json through the product's nginx in front of three instances that each answer STATUS. */
    private static Answer behindNginx(int status, String title, String detail, AtomicInteger hits) throws Exception {
        return behindNginx("/json", status, title, detail, hits);
    }

    /** GET PATH through the product's nginx in front of three instances that each answer STATUS. */
    private static Answer behindNginx(String path, int status, String title, String detail, AtomicInteger hits) throws Exception {
        List<HttpServer> instances = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        Path dir = DIR.resolveSibling("nginx-" + status);
        try {
            for (int i = 1; i <= 3; i++) {
                String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"instance " + i + " " + detail + "\"}";
                bodies.add(body);
                instances.add(instance(status, body, hits));
            }
            int port = TomcatInstance.freePort();
            var render = new ArrayList<>(List.of(TomcatInstance.PROJECT.resolve("deploy/nginx-render").toString(),
                    dir.toString(), "--listen", "127.0.0.1:" + port));
            for (var instance : instances) render.addAll(List.of("--upstream", "127.0.0.1:" + instance.getAddress().getPort()));
            Files.createDirectories(dir);
            Process rendered = TomcatInstance.launch(render, Map.of(), dir.resolve("render.log"));
            assertTrue(rendered.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, rendered.exitValue(), Files.readString(dir.resolve("render.log")));
            assertTrue(Files.readString(dir.resolve("webstack.conf")).contains("proxy_next_upstream_tries 2;"));

            Process nginx = TomcatInstance.launch(List.of("nginx", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                    "-g", "daemon off;"), Map.of(), dir.resolve("nginx.log"));
            try {
                awaitListening(port);
                var r = Http.get(java.net.URI.create("http://127.0.0.1:" + port + path));
                return new Answer(r.statusCode(), Http.text(r), Http.header(r, "Content-Type"),
                        Http.header(r, "Cache-Control"), bodies);
            } finally {
                TomcatInstance.stop(nginx);
            }
        } finally {
            instances.forEach(s -> s.stop(0));
        }
    }

    /** nginx's access log is on unless CLUSTER_ACCESS_LOG=no (bench/run); another value is refused. */
    @Test
    void theAccessLogIsASetting() throws Exception {
        Path dir = DIR.resolveSibling("nginx-access-log");
        Files.createDirectories(dir);
        assertEquals(0, render(dir, Map.of()));
        assertTrue(Files.readString(dir.resolve("webstack.conf")).contains("access_log " + dir.resolve("logs/access.log")));
        assertEquals(0, render(dir, Map.of("CLUSTER_ACCESS_LOG", "no")));
        assertTrue(Files.readString(dir.resolve("webstack.conf")).contains("access_log off;"));
        assertTrue(render(dir, Map.of("CLUSTER_ACCESS_LOG", "off")) != 0);
        assertTrue(Files.readString(dir.resolve("render.log")).contains("CLUSTER_ACCESS_LOG must be yes or no, got 'off'"));
    }

    private static int render(Path dir, Map<String, String> env) throws Exception {
        Process rendered = TomcatInstance.launch(List.of(TomcatInstance.PROJECT.resolve("deploy/nginx-render").toString(),
                dir.toString(), "--listen", "127.0.0.1:" + TomcatInstance.freePort(), "--upstream", "127.0.0.1:9"),
                env, dir.resolve("render.log"));
        assertTrue(rendered.waitFor(60, TimeUnit.SECONDS));
        return rendered.exitValue();
    }

    /** A stand-in instance: every request counted and answered STATUS with {@code body}. */
    private static HttpServer instance(int status, String body, AtomicInteger hits) throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (var s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port + ": " + Files.readString(DIR.resolve("nginx.log")));
    }
}
