package webstack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.OnSharedTomcat;
import webstack.testing.TomcatInstance;

/**
 * /metrics of the deployed WAR, scraped and parsed as Prometheus would: the JVM's, Tomcat's,
 * the pool's, bcrypt's, the WebSocket's and the requests' meters, requests named by their
 * route's template; a caller not on the allow list is told there is no such page.
 */
class MetricsIT extends OnSharedTomcat {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String REQUESTS = "http_server_requests_seconds_count";

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(tomcat.uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get("/metrics", Map.of());
        assertEquals(200, r.statusCode(), r.body());
        // Tomcat writes it without the spaces.
        assertEquals(MetricsServlet.CONTENT_TYPE.replace(" ", ""), r.headers().firstValue("Content-Type").orElse(null));
        Files.writeString(TomcatInstance.PROJECT.resolve("target/it/metrics-scrape.txt"), r.body());
        return PrometheusText.parse(r.body());
    }

    private static double requests(PrometheusText scrape, String method, String uri, int status) {
        return scrape.value(REQUESTS, Map.of("method", method, "uri", uri, "status", Integer.toString(status)));
    }

    @Test
    void everyPartOfTheInstanceIsMeasuredAndRequestsAreNamedByTemplate() throws Exception {
        PrometheusText before = scrape();
        var api = new Api(tomcat);
        for (int i = 0; i < 3; i++) assertEquals(200, get("/json", Map.of()).statusCode());
        // Two registrations (bcrypt, asynchronously, after the body was read without a thread), two ids.
        Api.Account first = api.newAccount("first password");
        Api.Account second = api.newAccount("second password");
        for (Api.Account account : List.of(first, second)) {
            assertEquals(200, api.request("GET", "/users/" + account.id(), account.token(), null).status());
        }
        assertEquals(404, get("/no-such-page-" + first.id(), Map.of()).statusCode());

        var echo = new CompletableFuture<String>();
        WebSocket ws = CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + tomcat.port() + "/ws/metrics"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        echo.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        PrometheusText during;
        try {
            // The client's handshake may complete before the server's onOpen has counted the
            // session; an echo comes only after it has.
            ws.sendText("counted?", true).get(10, TimeUnit.SECONDS);
            assertEquals("Echo: counted?", echo.get(10, TimeUnit.SECONDS));
            during = scrape();
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
        assertTrue(during.value("webstack_websocket_sessions", Map.of()) >= 1, "the open WebSocket session");

        PrometheusText after = scrape();
        for (String family : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_threads_states_threads", "process_cpu_usage", "tomcat_threads_busy_threads",
                "tomcat_threads_config_max_threads", "tomcat_global_request_seconds", "tomcat_connections_current_connections",
                "hikaricp_connections_active", "hikaricp_connections_idle", "hikaricp_connections_pending",
                "hikaricp_connections_timeout_total", "webstack_bcrypt_queued", "webstack_bcrypt_active",
                "webstack_bcrypt_refused_total", "webstack_websocket_sessions")) {
            assertTrue(after.hasFamily(family), "no " + family);
        }
        assertEquals("histogram", after.types().get("http_server_requests_seconds"));
        assertEquals("webstack", after.samples("hikaricp_connections_active").get(0).label("pool"));

        assertEquals(3, requests(after, "GET", "/json", 200) - requests(before, "GET", "/json", 200));
        // Each registration once, when its answer was complete, though it passed the filters three times.
        assertEquals(2, requests(after, "POST", "/users", 201) - requests(before, "POST", "/users", 201));
        assertEquals(2, requests(after, "POST", "/token", 200) - requests(before, "POST", "/token", 200));
        assertEquals(2, requests(after, "GET", "/users/{id}", 200) - requests(before, "GET", "/users/{id}", 200));
        assertEquals(1, requests(after, "GET", "NOT_FOUND", 404) - requests(before, "GET", "NOT_FOUND", 404));
        assertTrue(after.value("http_server_requests_seconds_bucket",
                Map.of("method", "GET", "uri", "/users/{id}", "status", "200", "le", "+Inf")) >= 2);

        // Every series the Grafana dashboard draws is one the instance exports.
        for (String name : Dashboard.metricNames()) {
            assertFalse(after.samples(name).isEmpty(), "the dashboard's " + name + " is not exported");
        }

        Set<String> uris = new TreeSet<>();
        for (PrometheusText.Sample sample : after.samples()) {
            if (sample.name().startsWith("http_server_requests") && sample.label("uri") != null) uris.add(sample.label("uri"));
        }
        for (String uri : uris) {
            assertFalse(uri.contains(Long.toString(first.id())) || uri.contains(Long.toString(second.id()))
                    || uri.contains("no-such-page"), "a raw path in " + uris);
        }
    }

    /**
     * A client behind a proxy the instance trusts (RemoteIpValve trusts loopback, as it trusts
     * nginx) is that client, not loopback: it gets the answer of a path that does not exist.
     */
    @Test
    void aCallerNotOnTheAllowListIsToldThereIsNoSuchPage() throws Exception {
        // One request id for both, so that the answers can be compared byte for byte.
        var remote = Map.of("X-Forwarded-For", "203.0.113.7", "X-Request-Id", "metrics-it");
        HttpResponse<String> refused = get("/metrics", remote);
        HttpResponse<String> unknown = get("/metricz", remote);
        assertEquals(404, refused.statusCode());
        assertEquals(unknown.headers().firstValue("Content-Type"), refused.headers().firstValue("Content-Type"));
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(null));
        assertEquals(unknown.body().replace("/metricz", "/metrics"), refused.body());
        assertEquals(200, get("/metrics", Map.of("X-Forwarded-For", "127.0.0.1")).statusCode());
    }
}
