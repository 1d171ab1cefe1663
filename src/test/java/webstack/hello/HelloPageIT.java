package webstack.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Http.get;
import static webstack.testing.Http.header;
import static webstack.testing.Http.send;
import static webstack.testing.Http.text;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.OnSharedTomcat;

/** The benchmark page over real HTTP, in the real Tomcat 11 started by deploy/run. */
class HelloPageIT extends OnSharedTomcat {

    private static byte[] lines(String word, int count) {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append(i).append(": ").append(word).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void helloHundredIsByteForByteTheGoPage() throws Exception {
        var r = get(tomcat.uri("/Hello/100"));
        assertEquals(200, r.statusCode());
        assertEquals("text/plain;charset=UTF-8", header(r, "Content-Type"));
        assertEquals(990, r.body().length);
        assertArrayEquals(lines("Hello", 100), r.body());
        assertEquals("990", header(r, "Content-Length"), "a complete, unchunked answer");
    }

    @Test
    void thousandsHaveNoGrouping() throws Exception {
        var r = get(tomcat.uri("/x/1001"));
        assertEquals(200, r.statusCode());
        assertArrayEquals(lines("x", 1001), r.body());
        assertTrue(text(r).endsWith("\n1000: x\n"));
    }

    @Test
    void theCapItselfIsServed() throws Exception {
        var r = get(tomcat.uri("/w/10000"));
        assertEquals(200, r.statusCode());
        assertArrayEquals(lines("w", 10_000), r.body());
    }

    @Test
    void zeroLinesIsAnEmptyPage() throws Exception {
        var r = get(tomcat.uri("/x/0"));
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
    }

    @Test
    void pathSegmentsArePercentDecodedAsUtf8() throws Exception {
        var r = get(tomcat.uri("/Gr%C3%BC%C3%9Fe/2"));
        assertEquals(200, r.statusCode());
        assertArrayEquals("0: Grüße\n1: Grüße\n".getBytes(StandardCharsets.UTF_8), r.body());
    }

    @Test
    void userTextIsDataNeverTemplateCode() throws Exception {
        assertEquals("0: ${7*7}\n1: ${7*7}\n", text(get(tomcat.uri("/%24%7B7*7%7D/2"))));
        assertEquals("0: <#list>\n", text(get(tomcat.uri("/%3C%23list%3E/1"))));
        assertEquals("0: <#assign x=1>${x}\n", text(get(tomcat.uri("/%3C%23assign%20x%3D1%3E%24%7Bx%7D/1"))));
    }

    @Test
    void rawServletAnswersTheSameBytes() throws Exception {
        var raw = get(tomcat.uri("/raw/Hello/100"));
        assertEquals(200, raw.statusCode());
        assertArrayEquals(get(tomcat.uri("/Hello/100")).body(), raw.body());
        assertEquals("text/plain;charset=UTF-8", header(raw, "Content-Type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x/10001", "/x/2147483647", "/x/2147483648", "/x/99999999999999999999999999",
            "/raw/x/10001"})
    void countOverTheCapIsABadRequestProblem(String path) throws Exception {
        var r = get(tomcat.uri(path));
        assertEquals(400, r.statusCode());
        assertEquals("application/problem+json", header(r, "Content-Type"));
        String body = text(r);
        assertTrue(body.contains("\"detail\":\"count must be at most 10000, got "), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Hello", "/Hello/", "/Hello/abc", "/Hello/+1", "/Hello/%2B1", "/Hello/-1",
            "/a/b/3", "/Hello/1.5", "/favicon.ico", "/raw/Hello", "/raw/a/b/1"})
    void pathsOfAnotherShapeAreNotFound(String path) throws Exception {
        var r = get(tomcat.uri(path));
        assertEquals(404, r.statusCode(), path);
        assertEquals("application/problem+json", header(r, "Content-Type"));
        assertFalse(text(r).contains("Exception"), text(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsAreNotAllowed(String method) throws Exception {
        var r = send(method, tomcat.uri("/Hello/2"));
        assertEquals(405, r.statusCode(), method);
        assertEquals("GET, HEAD", header(r, "Allow"));
        assertEquals("application/problem+json", header(r, "Content-Type"));
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        var r = send("HEAD", tomcat.uri("/Hello/100"));
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals("text/plain;charset=UTF-8", header(r, "Content-Type"));
    }

    @Test
    void namedRoutesTakePrecedenceOverTheCatchAll() throws Exception {
        // Each of these is also of the shape /{word}/{n} or /{word}: their own servlets answer.
        assertEquals("text/css", header(get(tomcat.uri("/static/site.css")), "Content-Type"));
        assertEquals("{\"message\":\"Hello, World!\"}", text(get(tomcat.uri("/json"))));
        assertEquals(200, get(tomcat.uri("/raw/raw/1")).statusCode());
        assertEquals(404, get(tomcat.uri("/static/1")).statusCode(), "no such static file, not a hello page");
    }

    @Test
    void pagesThatWouldFillTheHeapAreRefusedAndTheInstanceStaysUp() throws Exception {
        // Before the limits, one request like these built an 80 MB page in memory.
        String word = "w".repeat(4_000);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<java.net.http.HttpResponse<byte[]>>>();
            for (int i = 0; i < 16; i++) {
                String path = (i % 2 == 0 ? "/" : "/raw/") + word + "/10000";
                answers.add(pool.submit(() -> get(tomcat.uri(path))));
            }
            for (var answer : answers) {
                var r = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(400, r.statusCode());
                assertEquals("application/problem+json", header(r, "Content-Type"));
                assertTrue(text(r).contains("word must be at most 1024 bytes of UTF-8"), text(r));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, get(tomcat.uri("/health")).statusCode());
    }
}
