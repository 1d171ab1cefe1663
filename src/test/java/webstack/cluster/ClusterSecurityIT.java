package webstack.cluster;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import webstack.testing.MariaDb;
import webstack.testing.Needs;
import webstack.testing.Service;

/**
 * What nginx and deploy/cluster add to the site's defences, on the production shape:
 * {@code deploy/cluster up 2 --unix --tls}, the real nginx over HTTPS in front of two real
 * Tomcat instances on the machine's MariaDB, with the per-address limits set low enough to
 * reach from a test.
 */
@Needs({Service.MARIADB, Service.NGINX})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSecurityIT {

    private static final int LOGIN_BURST = 5;
    private static final int CONN_LIMIT = 60;
    private static final String NGINX_429 = "Too many requests from your address";

    private Cluster cluster;
    private Path cert;
    private SSLContext tls;
    private HttpClient client;

    @BeforeAll
    void up() throws Exception {
        cluster = new Cluster("cluster-security", 2, Map.of(
                "CLUSTER_LOGIN_RATE", "1r/s",
                "CLUSTER_LOGIN_BURST", Integer.toString(LOGIN_BURST),
                "CLUSTER_CONN_LIMIT", Integer.toString(CONN_LIMIT)));
        Path pair = cluster.dir.resolve("tls");
        cluster.run("tls-selfsigned", pair.toString());
        cert = pair.resolve("cert.pem");
        cluster.set("CLUSTER_TLS_CERT", cert.toString());
        cluster.set("CLUSTER_TLS_KEY", pair.resolve("key.pem").toString());
        cluster.run("up", "2", "--unix", "--tls");
        tls = trusting(cert);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    void down() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void plainHttpIsRedirectedToHttpsWhichSendsHsts() throws Exception {
        var plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        var redirect = plain.send(HttpRequest.newBuilder(cluster.uri("/users?skip=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, redirect.statusCode());
        assertEquals(https("/users?skip=1").toString(), redirect.headers().firstValue("Location").orElse(null));
        var toTheTlsPort = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.tlsPort + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(308, toTheTlsPort.statusCode());
        assertEquals(https("/health").toString(), toTheTlsPort.headers().firstValue("Location").orElse(null));

        var health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("max-age=31536000", health.headers().firstValue("Strict-Transport-Security").orElse(null));
        // The certificate is checked: a client that does not trust it gets no answer.
        assertThrows(SSLHandshakeException.class,
                () -> plain.send(HttpRequest.newBuilder(https("/health")).build(), HttpResponse.BodyHandlers.discarding()));
        // As the README has it: curl trusting the pair deploy/cluster tls-selfsigned made.
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "--cacert", cert.toString(), https("/health").toString())
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), out);
        assertTrue(out.contains("\"status\":\"healthy\""), out);
    }

    /** POST /token and POST /users share one budget per address; GET /users is not in it. */
    @Test
    @Order(2)
    void loginsAndRegistrationsBeyondTheRateAreRefusedByNginxWith429Problems() throws Exception {
        long start = System.nanoTime();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(i % 2 == 0
                    ? send("POST", "/token", "application/x-www-form-urlencoded", "username="
                            + URLEncoder.encode(UUID.randomUUID() + "@example.com", StandardCharsets.UTF_8) + "&password=wrong+password")
                    : send("POST", "/users", "application/json", "{}"));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
        var refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        int served = answers.size() - refused.size();
        // The burst at once, then one a second while the loop ran.
        for (var r : answers.subList(0, LOGIN_BURST + 1)) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 429, "the webapp's answer: " + r.body());
        }
        assertTrue(served <= LOGIN_BURST + 1 + seconds, served + " let through in " + seconds + " s");
        for (var r : refused) assertNginxProblem(r, 429, NGINX_429);

        // Per address: another address of this machine is not held back by the first one's use.
        String fromElsewhere = raw(InetAddress.getByName("127.0.0.2"), "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 42\r\nConnection: close\r\n\r\n"
                + "username=nobody%40example.com&password=xyz");
        assertTrue(fromElsewhere.startsWith("HTTP/1.1 401"), fromElsewhere);

        for (int i = 0; i < 20; i++) assertEquals(401, get("/users").statusCode(), "GET /users is not limited");
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    @Order(3)
    void aBodyOverTheLimitIsA413ProblemOrPageFromNginx() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertNginxProblem(send("PATCH", "/users/1", "application/json", big), 413, "larger than 64 KiB");
        var page = send("POST", "/", "text/plain", big);
        assertEquals(413, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        assertTrue(page.body().contains("<h1>413 Content Too Large</h1>"), page.body());
    }

    /**
     * 50 connections that never send a request and 50 that send a body one byte a second, all
     * from this address: nginx holds them, not Tomcat, and a normal request is not delayed; at
     * CONN_LIMIT requests in progress from one address, the next is refused.
     */
    @Test
    @Order(4)
    void slowAndIdleClientsDelayNoOneAndRequestsInProgressPerAddressAreCapped() throws Exception {
        List<SSLSocket> open = new ArrayList<>();
        List<SSLSocket> slow = new CopyOnWriteArrayList<>();
        var trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 50; i++) open.add(connect(InetAddress.getLoopbackAddress()));
            for (int i = 0; i < 50; i++) slow.add(slowBody());
            open.addAll(slow);
            trickle.scheduleAtFixedRate(() -> slow.forEach(ClusterSecurityIT::oneByte), 1, 1, TimeUnit.SECONDS);
            Thread.sleep(3_000);
            for (int i = 0; i < 5; i++) {
                long begin = System.nanoTime();
                var r = get("/health");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(ms < 1_000, "GET /health took " + ms + " ms beside 50 idle and 50 slow clients");
            }
            while (slow.size() < CONN_LIMIT) {
                var s = slowBody();
                slow.add(s);
                open.add(s);
            }
            Thread.sleep(1_000);
            assertNginxProblem(get("/health"), 429, NGINX_429);
        } finally {
            trickle.shutdownNow();
            for (var s : open) closeQuietly(s);
        }
        // Their requests ended with their connections.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            status = get("/health").statusCode();
        } while (status != 200 && System.nanoTime() < deadline && sleep(200));
        assertEquals(200, status);
    }

    /** What Tomcat would refuse before the webapp (or read otherwise) never reaches it. */
    @Test
    @Order(5)
    void requestsTomcatWouldRefuseItselfAreRefusedByNginxAsProblems() throws Exception {
        for (String line : List.of("GET /%FF%FE/2 HTTP/1.1", "GET /..;/WEB-INF/web.xml HTTP/1.1", "GET /Hello/1{} HTTP/1.1",
                "GET /a%2Fb/1 HTTP/1.1", "GET /%zz/1 HTTP/1.1")) {
            assertRawProblem(raw(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);
        }
        assertRawProblem(raw("GET /json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), 400);
        assertRawProblem(raw("GET /json HTTP/2.5\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 505);
        // What is well formed still passes, a UTF-8 word included.
        var word = get("/%C3%A9t%C3%A9/1");
        assertEquals(200, word.statusCode(), word.body());
        assertEquals("0: été\n", word.body());
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    @Order(6)
    void theInstancesDatabaseAccountReadsAndWritesRowsOnly() throws Exception {
        String password = Files.readString(cluster.dir.resolve("db-password")).strip();
        try (var app = DriverManager.getConnection(MariaDb.SERVER_URL + cluster.database, cluster.database, password);
             var s = app.createStatement()) {
            try (var rows = s.executeQuery("SELECT COUNT(*) FROM users")) {
                assertTrue(rows.next());
            }
            for (String ddl : List.of("CREATE TABLE probe (id INT)", "DROP TABLE users", "ALTER TABLE users ADD COLUMN probe INT",
                    "TRUNCATE TABLE users")) {
                var e = assertThrows(SQLException.class, () -> s.execute(ddl), ddl);
                assertTrue(e.getMessage().contains("denied"), ddl + ": " + e.getMessage());
            }
            List<String> grants = new ArrayList<>();
            try (var rows = s.executeQuery("SHOW GRANTS")) {
                while (rows.next()) grants.add(rows.getString(1));
            }
            assertTrue(grants.stream().anyMatch(g -> g.startsWith("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + cluster.database + "`.*")),
                    grants.toString());
            assertFalse(grants.stream().anyMatch(g -> g.contains("ALL PRIVILEGES")), grants.toString());
        }
        // The schema was made by the migration account (Flyway's history says who ran it).
        try (var root = DriverManager.getConnection(MariaDb.SERVER_URL + cluster.database, MariaDb.USER, MariaDb.PASSWORD);
             var rows = root.createStatement().executeQuery("SELECT DISTINCT installed_by FROM flyway_schema_history")) {
            List<String> by = new ArrayList<>();
            while (rows.next()) by.add(rows.getString(1));
            assertEquals(List.of(cluster.migrationUser()), by);
        }
    }

    @Test
    @Order(7)
    void noSecretIsInAnyProcessEnvironmentOrCommandLine() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String file : List.of("db-password", "db-migration-password", "token-secret")) {
            Path path = cluster.dir.resolve(file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), file);
            secrets.add(Files.readString(path).strip());
        }
        List<Long> pids = new ArrayList<>(List.of(cluster.pid(1), cluster.pid(2)));
        long nginx = Long.parseLong(Files.readString(cluster.dir.resolve("nginx/nginx.pid")).strip());
        pids.add(nginx);
        ProcessHandle.of(nginx).orElseThrow().children().forEach(worker -> pids.add(worker.pid()));
        for (long pid : pids) {
            List<String> environ = List.of(read("/proc/" + pid + "/environ").split("\0"));
            String cmdline = read("/proc/" + pid + "/cmdline");
            for (String secret : secrets) {
                assertFalse(environ.stream().anyMatch(e -> e.contains(secret)), "a secret in the environment of " + pid);
                assertFalse(cmdline.contains(secret), "a secret on the command line of " + pid);
            }
            assertFalse(environ.stream().anyMatch(e -> e.startsWith("APP_DB_PASSWORD=") || e.startsWith("APP_TOKEN_SECRET=")),
                    environ.toString());
        }
        for (int i = 1; i <= 2; i++) {
            List<String> environ = List.of(read("/proc/" + cluster.pid(i) + "/environ").split("\0"));
            for (String setting : List.of("APP_DB_PASSWORD_FILE=" + cluster.dir.resolve("db-password"),
                    "APP_TOKEN_SECRET_FILE=" + cluster.dir.resolve("token-secret"),
                    "APP_DB_MIGRATION_USER=" + cluster.migrationUser(),
                    "APP_DB_MIGRATION_PASSWORD_FILE=" + cluster.dir.resolve("db-migration-password"))) {
                assertTrue(environ.contains(setting), "instance " + i + " has " + setting);
            }
        }
    }

    /** The sockets between nginx and Tomcat: for the group nginx's workers run in, not for every user. */
    @Test
    @Order(8)
    void theUnixSocketsAreForNginxsWorkersOnly() throws Exception {
        Path sockets = cluster.dir.resolve("sockets");
        boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        // Started by root, nginx runs its workers as CLUSTER_NGINX_USER (www-data by default).
        String workersGroup = (root ? command("id", "-gn", "www-data") : command("id", "-gn")).strip();
        assertEquals("2750 " + workersGroup, command("stat", "-c", "%a %G", sockets.toString()).strip());
        for (int i = 1; i <= 2; i++) {
            Path socket = sockets.resolve("tomcat-" + i + ".sock");
            assertEquals("660 " + workersGroup, command("stat", "-c", "%a %G", socket.toString()).strip(), socket.toString());
        }
        if (root) {
            String socket = sockets.resolve("tomcat-1.sock").toString();
            assertEquals("200", asUser("www-data", socket), "nginx's workers' user reaches Tomcat");
            assertEquals("000", asUser("nobody", socket), "any other user does not");
        }
    }

    @Test
    @Order(9)
    void withEveryInstanceStoppedNginxAnswers502InTheSitesFormat() throws Exception {
        for (int i = 1; i <= 2; i++) {
            var jvm = ProcessHandle.of(cluster.pid(i)).orElseThrow();
            jvm.destroy();
            jvm.onExit().get(60, TimeUnit.SECONDS);
        }
        assertNginxProblem(get("/json"), 502, "No instance of the site answered");
        for (String page : List.of("/", "/bench")) {
            var r = get(page);
            assertEquals(502, r.statusCode());
            assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
            assertTrue(r.body().contains("<h1>502 Bad Gateway</h1>"), r.body());
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private static SSLContext trusting(Path cert) throws Exception {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("webstack", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private URI https(String path) {
        return URI.create("https://127.0.0.1:" + cluster.tlsPort + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(20)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An answer of nginx's own: the problem file it ships for that status, not an instance's. */
    private static void assertNginxProblem(HttpResponse<String> r, int status, String detail) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(null));
        assertTrue(r.body().startsWith("{\"type\":\"about:blank\",") && r.body().contains("\"status\":" + status + ",")
                && r.body().contains(detail), r.body());
    }

    private static void assertRawProblem(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        assertTrue(answer.contains("\r\nContent-Type: application/problem+json\r\n"), answer);
        assertTrue(answer.contains("\"status\":" + status + ","), answer);
        assertTrue(answer.contains("\r\nServer: nginx\r\n"), "no version: " + answer);
        assertFalse(answer.contains("Tomcat"), answer);
    }

    /** Sends {@code request} as written over TLS on a connection of its own, and reads the whole answer. */
    private String raw(String request) throws IOException {
        return raw(InetAddress.getLoopbackAddress(), request);
    }

    private String raw(InetAddress from, String request) throws IOException {
        try (var socket = connect(from)) {
            socket.getOutputStream().write(request.getBytes(ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
        }
    }

    private SSLSocket connect(InetAddress from) throws IOException {
        var socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), cluster.tlsPort, from, 0);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** A request whose body has been announced and is yet to come. */
    private SSLSocket slowBody() throws IOException {
        var socket = connect(InetAddress.getLoopbackAddress());
        socket.getOutputStream().write(("PATCH /users/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000\r\n\r\n").getBytes(ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private static void oneByte(SSLSocket socket) {
        try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
        } catch (IOException closed) {
            // the test is over, or nginx let it go
        }
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    private static String read(String file) throws IOException {
        return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
    }

    private static String command(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
        return out;
    }

    /** The HTTP status of GET /health through SOCKET as USER, 000 when it cannot connect. */
    private static String asUser(String user, String socket) throws Exception {
        Process p = new ProcessBuilder("runuser", "-u", user, "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "5", "--unix-socket", socket, "http://localhost/health").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out.strip();
    }
}
