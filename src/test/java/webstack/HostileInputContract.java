package webstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import webstack.testing.Api;
import webstack.testing.Http;

/**
 * What a hostile client tries, sent as written on a raw socket: each probe must get a precise
 * 4xx (505 only for an HTTP version nobody speaks), never a 5xx, a hang, a stack trace or a
 * product version, and the site must answer /health after every one. Subclasses aim it at
 * Tomcat directly and at nginx in front of it.
 */
public abstract class HostileInputContract {

    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");

    /** The port the probes go to, on 127.0.0.1. */
    protected abstract int port();

    /** A client for the same site, to make accounts and check health. */
    protected abstract Api api();

    /** The secret the site signs tokens with, to forge almost-right ones. */
    protected abstract String tokenSecret();

    record Probe(String name, String request, List<Integer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String post(String target, String contentType, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    static List<Probe> probes() {
        String headerFlood = "GET /health HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Flood: " + "a".repeat(100) + "\r\n".repeat(1) + ("X-Flood: " + "a".repeat(100) + "\r\n").repeat(300)
                + "Connection: close\r\n\r\n";
        String nested = "{\"email\":\"a@b.cd\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        return List.of(
                new Probe("invalid UTF-8 in the path", get("/%FF%FE/2"), List.of(400)),
                new Probe("a NUL in the path", get("/Hello%00/1"), List.of(400, 404)),
                new Probe("path parameter traversal", get("/..;/WEB-INF/web.xml"), List.of(400, 404)),
                new Probe("encoded traversal", get("/%2e%2e/WEB-INF/web.xml"), List.of(400, 404)),
                new Probe("traversal through /static", get("/static/../WEB-INF/web.xml"), List.of(400, 404)),
                new Probe("WEB-INF directly", get("/WEB-INF/web.xml"), List.of(404)),
                new Probe("a garbage request line", get("/Hello/1{}"), List.of(400)),
                new Probe("a URL of 20 KB", get("/" + "a".repeat(20_000)), List.of(400, 414)),
                new Probe("a header flood", headerFlood, List.of(400, 431)),
                new Probe("an HTTP version nobody speaks", "GET /health HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                        List.of(400, 505)),
                new Probe("a Content-Length that is no number",
                        "POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nConnection: close\r\n\r\n", List.of(400)),
                new Probe("Content-Length and chunked at once (smuggling)", "POST /users HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n0\r\n\r\n", List.of(400, 415)),
                new Probe("a malformed query string", get("/users?skip=%zz"), List.of(400, 401)),
                new Probe("a body over 64 KiB", post("/users", "application/json", "{\"name\":\"" + "n".repeat(70_000) + "\"}"),
                        List.of(413)),
                new Probe("JSON nested 5,000 deep", post("/users", "application/json", nested), List.of(400)),
                new Probe("a key given twice", post("/users", "application/json",
                        "{\"email\":\"a@b.cd\",\"email\":\"c@d.ef\",\"name\":\"N\",\"password\":\"correct horse\"}"), List.of(400)),
                new Probe("a page that would fill the heap", get("/" + "w".repeat(4_000) + "/10000"), List.of(400)),
                new Probe("a wrong media type", post("/users", "text/xml", "<user/>"), List.of(415)),
                new Probe("a form with a bad escape", post("/token", "application/x-www-form-urlencoded", "username=%zz&password=x"),
                        List.of(400)));
    }

    @ParameterizedTest
    @MethodSource("probes")
    void eachProbeGetsAPrecise4xxAndTheSiteStaysUp(Probe probe) throws Exception {
        assertAnswer(probe.name(), Http.raw(port(), probe.request()), probe.expected());
    }

    @ParameterizedTest
    @MethodSource("forgeries")
    void forgedTokensAre401(String name, java.util.function.Function<Api.Account, String> forge) throws Exception {
        var account = api().newAccount("correct horse battery");
        String answer = Http.raw(port(), "GET /users/" + account.id() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + forge.apply(account) + "\r\nConnection: close\r\n\r\n");
        assertAnswer(name, answer, List.of(401));
    }

    java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> forgeries() {
        Instant now = Instant.now();
        Algorithm ours = Algorithm.HMAC256(tokenSecret());
        return java.util.stream.Stream.of(
                forgery("alg none", a -> b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                        + b64("{\"iss\":\"webstack\",\"sub\":\"" + a.id() + "\",\"ver\":0,\"exp\":" + (now.getEpochSecond() + 600) + "}") + "."),
                forgery("a wrong key", a -> JWT.create().withIssuer("webstack").withSubject(Long.toString(a.id())).withClaim("ver", 0)
                        .withExpiresAt(now.plusSeconds(600)).sign(Algorithm.HMAC256("not-the-secret-but-long-enough-0123456789"))),
                forgery("expired", a -> JWT.create().withIssuer("webstack").withSubject(Long.toString(a.id())).withClaim("ver", 0)
                        .withExpiresAt(now.minusSeconds(5)).sign(ours)),
                forgery("no exp", a -> JWT.create().withIssuer("webstack").withSubject(Long.toString(a.id())).withClaim("ver", 0)
                        .sign(ours)),
                forgery("a deleted user", a -> {
                    try {
                        api().request("DELETE", "/users/" + a.id(), a.token(), null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return a.token();
                }));
    }

    private static org.junit.jupiter.params.provider.Arguments forgery(String name,
            java.util.function.Function<Api.Account, String> forge) {
        return org.junit.jupiter.params.provider.Arguments.of(name, forge);
    }

    @org.junit.jupiter.api.Test
    void crossAccountActionsAre403() throws Exception {
        var me = api().newAccount("correct horse battery");
        var other = api().newAccount("correct horse battery");
        for (String method : new String[] {"PATCH", "DELETE"}) {
            String body = method.equals("PATCH") ? "{\"name\":\"Mallory\"}" : "";
            String answer = Http.raw(port(), method + " /users/" + other.id() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + me.token() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            assertAnswer(method + " another account", answer, List.of(403));
        }
    }

    private void assertAnswer(String probe, String answer, List<Integer> expected) throws Exception {
        Matcher status = STATUS.matcher(answer);
        assertTrue(status.find(), probe + ": no HTTP answer: " + abbreviate(answer));
        int code = Integer.parseInt(status.group(1));
        assertTrue(expected.contains(code), probe + ": " + code + ", expected one of " + expected + ": " + abbreviate(answer));
        // The site's own format: a problem, or (for what Tomcat refuses before the webapp) the site's error page.
        String lower = answer.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("content-type: application/problem+json")
                || (lower.contains("content-type: text/html") && answer.contains("webstack")), probe + ": not the site's format: "
                + abbreviate(answer));
        for (String leak : new String[] {"Exception", "\tat ", "Apache Tomcat/", "nginx/1.", "Jackson", "com.fasterxml", "HTTP Status "}) {
            assertFalse(answer.contains(leak), probe + " leaks '" + leak + "': " + abbreviate(answer));
        }
        assertEquals(200, api().request("GET", "/health", null, null).status(), "/health after " + probe);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }
}
