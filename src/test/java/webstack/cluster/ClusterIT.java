package webstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import webstack.testing.Api;
import webstack.testing.Needs;
import webstack.testing.Service;

/**
 * The production shape: deploy/cluster up 2 — the real nginx in front of two real Tomcat
 * instances on the machine's MariaDB — exercised through nginx, with an instance killed and
 * a rolling restart under load.
 */
@Needs({Service.MARIADB, Service.NGINX})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Cluster cluster;
    private Path dir;
    private Api.Account account;

    @BeforeAll
    void up() throws Exception {
        // This class proves failover under load, which comes from one address faster than the
        // per-address limits allow (ClusterSecurityIT proves those).
        // A warm-up of 4000 requests (not the default 20000): enough to see that it runs
        // before nginx sends the instance anything, short on a busy machine.
        cluster = new Cluster("cluster", 2, Map.of("CLUSTER_LOGIN_RATE", "100000r/s",
                "CLUSTER_LOGIN_BURST", "100000", "CLUSTER_CONN_LIMIT", "65535", "CLUSTER_WARMUP_REQUESTS", "4000"));
        dir = cluster.dir;
        cluster.run("up", "2", "--served-by");
    }

    @AfterAll
    void down() throws Exception {
        cluster.close();
    }

    @Test
    @Order(1)
    void requestsReachBothInstances() throws Exception {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            var r = get("/Hello/3");
            assertEquals(200, r.statusCode());
            assertEquals("0: Hello\n1: Hello\n2: Hello\n", r.body());
            servedBy.add(r.headers().firstValue("X-Served-By").orElseThrow());
        }
        assertEquals(2, servedBy.size(), "round robin over both: " + servedBy);
        String status = cluster.run("status");
        assertEquals(2, status.lines().filter(l -> l.startsWith("tomcat-") && l.contains(" up ")).count(), status);
    }

    @Test
    @Order(2)
    void userCreatedThroughOneInstanceIsReadThroughTheOtherWithTheSameToken() throws Exception {
        account = api().newAccount("cluster password");
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            var r = client.send(HttpRequest.newBuilder(uri("/users/" + account.id()))
                    .header("Authorization", "Bearer " + account.token()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains(account.email()));
            servedBy.add(r.headers().firstValue("X-Served-By").orElseThrow());
        }
        assertEquals(2, servedBy.size(), "read by both instances: " + servedBy);
    }

    @Test
    @Order(3)
    void staticFilesComeFromNginxAndTheClientAddressReachesTomcat() throws Exception {
        var css = get("/static/site.css");
        assertEquals(200, css.statusCode());
        assertEquals("public, max-age=3600", css.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(css.headers().firstValue("X-Served-By").isEmpty(), "not proxied");
        // The client says it is 203.0.113.9 (through another proxy); nginx appends what it saw,
        // and Tomcat's RemoteIpValve, trusting only loopback, logs the client's address.
        var forwarded = client.send(HttpRequest.newBuilder(uri("/Hello/1?from-proxy-test"))
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, forwarded.statusCode());
        String line = awaitAccessLogLine("from-proxy-test");
        assertTrue(line.startsWith("203.0.113.9 "), line);
    }

    /** Tomcat's access log is buffered: wait for the line to be written. */
    private String awaitAccessLogLine(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String instance : new String[] {"tomcat-1", "tomcat-2"}) {
                Path log = dir.resolve(instance + "/logs/access." + today() + ".log");
                if (Files.exists(log)) {
                    var found = Files.readAllLines(log).stream().filter(l -> l.contains(marker)).findFirst();
                    if (found.isPresent()) return found.get();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no access log line with " + marker);
    }

    @Test
    @Order(4)
    void webSocketEchoWorksThroughNginx() throws Exception {
        var answer = new CompletableFuture<String>();
        // As a browser on the site's own page would: an Origin of nginx's address and port.
        WebSocket ws = client.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + cluster.port).buildAsync(URI.create("ws://127.0.0.1:" + cluster.port + "/ws/through-nginx"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("via nginx", true).get(10, TimeUnit.SECONDS);
        assertEquals("Echo: via nginx", answer.get(10, TimeUnit.SECONDS));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(5)
    void killingOneInstanceDuringLoadFailsNoGet() throws Exception {
        long victim = cluster.pid(1);
        var load = new Load(client, List.of(uri("/Hello/10"), uri("/json"), uri("/users/" + account.id())),
                account.token(), 50, 0);
        load.start();
        Thread.sleep(5_000);
        assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor());
        Thread.sleep(15_000);
        load.stop();
        assertTrue(load.ok.get() > 500, "load ran: " + load.ok.get());
        assertEquals(List.of(), load.failures(), load.ok.get() + " GETs answered");
        // Up again is idempotent: it starts what is missing and leaves the rest running.
        cluster.run("up", "2", "--served-by");
        assertEquals(2, cluster.run("status").lines().filter(l -> l.contains(" up ")).count());
    }

    @Test
    @Order(6)
    void rollingRestartUnderLoadFailsNothingAndLosesNoWrite() throws Exception {
        String prefix = "roll-" + Long.toHexString(System.nanoTime()) + "-";
        var load = new Load(client, List.of(uri("/Hello/10"), uri("/users/" + account.id())), account.token(), 40, 4);
        load.emailPrefix = prefix;
        Path accessLog = dir.resolve("tomcat-1/logs/access." + today() + ".log");
        long before = Files.exists(accessLog) ? Files.size(accessLog) : 0;
        load.start();
        Thread.sleep(2_000);
        String out = cluster.run("rolling-restart");
        Thread.sleep(2_000);
        load.stop();
        assertTrue(out.contains("rolling restart done"), out);
        assertEquals(List.of(), load.failures(), load.ok.get() + " requests answered");
        for (int i = 1; i <= 2; i++) {
            assertTrue(out.contains("instance " + i + ": warmed up: 4000 requests"), out);
        }
        assertWarmedBeforeServing(accessLog, before);
        assertTrue(load.created.size() > 10, "writes happened: " + load.created.size());

        List<String> stored = new ArrayList<>();
        String admin = api().admin().token();
        for (int skip = 0; ; skip += 100) {
            // An admin's list: it shows every email.
            var page = api().request("GET", "/users?skip=" + skip + "&limit=100", admin, null);
            assertEquals(200, page.status());
            page.json().forEach(u -> {
                if (u.get("email").asText().startsWith(prefix)) stored.add(u.get("email").asText());
            });
            if (page.json().size() < 100) break;
        }
        assertEquals(new HashSet<>(stored).size(), stored.size(), "no duplicated user");
        assertEquals(load.created, new HashSet<>(stored), "every 201 is stored, nothing else");
    }

    /**
     * Instance 1's access log since {@code offset}: the warm-up's 4000 requests ({@code ?warmup=},
     * sent straight to its port: nginx never adds the query) all answered, and nginx's traffic
     * served after the last of them. Over TCP without CLUSTER_WARMUP_RELOAD nginx may join in
     * before the warm-up ends, so that nothing of nginx's comes between them is not checked.
     * Tomcat buffers the log: waits for the lines.
     */
    private void assertWarmedBeforeServing(Path log, long offset) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String text;
            try (var in = Files.newInputStream(log)) {
                in.skipNBytes(offset);
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            List<String> lines = text.lines().toList();
            int first = -1, warmup = 0, last = -1;
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).contains("?warmup=")) {
                    if (first < 0) first = n;
                    last = n;
                    warmup++;
                }
            }
            if (warmup == 4000 && last < lines.size() - 1) {
                assertTrue(lines.subList(first, last + 1).stream().filter(l -> l.contains("?warmup="))
                        .allMatch(l -> l.contains("\" 200 ") || l.contains("\" 401 ")), "warm-up answers");
                assertTrue(lines.subList(last + 1, lines.size()).stream().noneMatch(l -> l.contains("?warmup=")));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not 4000 warm-up requests then traffic in " + log + " (" + lines.size()
                        + " lines, " + warmup + " of the warm-up)");
            }
            Thread.sleep(500);
        }
    }

    @Test
    @Order(7)
    void downLeavesNoProcess() throws Exception {
        String nginxPid = Files.readString(dir.resolve("nginx/nginx.pid")).strip();
        cluster.run("down");
        assertTrue(ProcessHandle.of(Long.parseLong(nginxPid)).isEmpty(), "nginx stopped");
        var left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        assertEquals(List.of(), left);
        assertTrue(cluster.run("status").contains("down"));
    }

    // --- helpers --------------------------------------------------------------------------

    private Api api() {
        return new Api(cluster.uri(""));
    }

    private URI uri(String path) {
        return cluster.uri(path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String today() {
        return java.time.LocalDate.now().toString();
    }

    /** A bounded load: GET threads cycling through URIs, and POST threads registering users. */
    private static final class Load {
        private final HttpClient client;
        private final List<URI> gets;
        private final String token;
        private final int getThreads;
        private final int postThreads;
        private final ExecutorService pool;
        private volatile boolean running = true;
        final AtomicLong ok = new AtomicLong();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        String emailPrefix = "load-";

        Load(HttpClient client, List<URI> gets, String token, int getThreads, int postThreads) {
            this.client = client;
            this.gets = gets;
            this.token = token;
            this.getThreads = getThreads;
            this.postThreads = postThreads;
            this.pool = Executors.newFixedThreadPool(getThreads + postThreads);
        }

        void start() {
            for (int t = 0; t < getThreads; t++) {
                int offset = t;
                pool.submit(() -> {
                    for (int n = offset; running; n++) {
                        var request = HttpRequest.newBuilder(gets.get(n % gets.size())).timeout(Duration.ofSeconds(15))
                                .header("Authorization", "Bearer " + token).build();
                        record(request, 200, null);
                    }
                });
            }
            for (int t = 0; t < postThreads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int n = 0; running; n++) {
                        String email = emailPrefix + thread + "-" + n + "@example.com";
                        var request = HttpRequest.newBuilder(gets.get(0).resolve("/users")).timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                                        + "\",\"name\":\"Load\",\"password\":\"load password\"}"))
                                .build();
                        record(request, 201, email);
                    }
                });
            }
        }

        private void record(HttpRequest request, int expected, String email) {
            try {
                var r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == expected) {
                    ok.incrementAndGet();
                    if (email != null) created.add(email);
                } else {
                    failures.computeIfAbsent(request.method() + " " + r.statusCode() + " " + r.body(),
                            k -> new AtomicInteger()).incrementAndGet();
                }
            } catch (Exception e) {
                failures.computeIfAbsent(request.method() + " " + e, k -> new AtomicInteger()).incrementAndGet();
            }
        }

        void stop() throws InterruptedException {
            running = false;
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
        }

        List<String> failures() {
            return failures.entrySet().stream().map(e -> e.getValue() + "x " + e.getKey()).sorted().toList();
        }
    }
}
