package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Http.get;
import static webstack.testing.Http.header;
import static webstack.testing.Http.send;
import static webstack.testing.Http.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.Http;
import webstack.testing.OnSharedTomcat;

/** The home page, /json, /health, static files and the container's own errors. */
class SiteIT extends OnSharedTomcat {

    @Test
    void homePageIsHtmlWithLinksToTheEndpoints() throws Exception {
        var r = get(tomcat.uri("/"));
        assertEquals(200, r.statusCode());
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        String html = text(r);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        for (String link : new String[] {"/bench", "/Hello/100", "/raw/Hello/100", "/json", "/health", "/static/site.css"}) {
            assertTrue(html.contains("href=\"" + link + "\""), "links " + link);
        }
        assertFalse(html.contains("Apache Tomcat/11."), "no product versions unless APP_SHOW_VERSIONS asks");
        assertFalse(html.contains(Runtime.version().toString()), "no Java version");
        assertTrue(header(r, "Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("nosniff", header(r, "X-Content-Type-Options"));
        assertEquals(null, header(r, "Server"), "no Server header");
    }

    @Test
    void jsonIsTheArticlesMessage() throws Exception {
        var r = get(tomcat.uri("/json"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("{\"message\":\"Hello, World!\"}", text(r));
        assertEquals("27", header(r, "Content-Length"));
    }

    // One rule for errors: API routes (JSON and the text pages) answer problems, HTML routes
    // answer an HTML error page, whichever way the error arose.

    @ParameterizedTest
    @ValueSource(strings = {"/json", "/Hello/2", "/raw/Hello/2", "/nope"})
    void apiRoutesAnswerWritesWithAProblem405(String path) throws Exception {
        var r = send("POST", tomcat.uri(path));
        assertEquals(405, r.statusCode());
        assertEquals("application/problem+json", header(r, "Content-Type"));
        assertTrue(header(r, "Allow").startsWith("GET, HEAD"), header(r, "Allow"));
        assertTrue(text(r).contains("\"status\":405"), text(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/bench"})
    void htmlRoutesAnswerWritesWithAnHtml405(String path) throws Exception {
        var r = send("POST", tomcat.uri(path));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", header(r, "Allow"));
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"));
        assertTrue(text(r).contains("<h1>405 Method Not Allowed</h1>"), text(r));
    }

    @Test
    void stylesheetAndIconAreServedFromStatic() throws Exception {
        var css = get(tomcat.uri("/static/site.css"));
        assertEquals(200, css.statusCode());
        assertEquals("text/css", header(css, "Content-Type"));
        assertTrue(text(css).contains(".masthead"));
        var icon = get(tomcat.uri("/static/favicon.svg"));
        assertEquals(200, icon.statusCode());
        assertEquals("image/svg+xml", header(icon, "Content-Type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/missing.css", "/static/", "/error"})
    void missingFilesAreOurHtmlNotFound(String path) throws Exception {
        var r = get(tomcat.uri(path));
        assertEquals(404, r.statusCode(), path);
        assertEquals("text/html;charset=UTF-8", header(r, "Content-Type"), path);
        assertTrue(text(r).contains("<h1>404 Not Found</h1>"), text(r));
        assertNoInternals(text(r));
    }

    /** Tomcat refuses these itself; they fall under the catch-all page route, so the answer is a problem. */
    @ParameterizedTest
    @ValueSource(strings = {"/WEB-INF/web.xml", "/WEB-INF/templates/hello.ftl", "/META-INF/MANIFEST.MF",
            "/static/../WEB-INF/web.xml"})
    void protectedPathsAreAProblemNotFound(String path) throws Exception {
        var r = get(tomcat.uri(path));
        assertEquals(404, r.statusCode(), path);
        assertEquals("application/problem+json", header(r, "Content-Type"), path);
        assertNoInternals(text(r));
    }

    private static void assertNoInternals(String body) {
        assertFalse(body.contains("Tomcat"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("<servlet"), body);
    }

    @Test
    void malformedPercentEncodingIsABadRequestWithoutAStackTrace() throws Exception {
        // Invalid UTF-8 in the path; sent on a raw socket so no client library fixes it up.
        String answer = raw("GET /%FF%FE/2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertFalse(answer.contains("Exception"), answer);
        assertFalse(answer.contains("Tomcat"), answer);
    }

    @Test
    void garbageRequestLineIsABadRequest() throws Exception {
        String answer = raw("GET /Hello/1{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertFalse(answer.contains("Exception"), answer);
    }

    private static String raw(String request) throws Exception {
        return Http.raw(tomcat.port(), request);
    }
}
