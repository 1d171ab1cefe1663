package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Http.get;
import static webstack.testing.Http.header;
import static webstack.testing.Http.send;
import static webstack.testing.Http.text;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import webstack.testing.SharedTomcat;
import webstack.testing.TomcatInstance;

/** The home page, /json, /health, static files and the container's own errors. */
@ExtendWith(SharedTomcat.class)
class SiteIT {

    private static TomcatInstance tomcat;

    @BeforeAll
    static void tomcat(TomcatInstance shared) {
        tomcat = shared;
    }

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
        assertTrue(html.contains("Apache Tomcat/11."), "names the server");
    }

    @Test
    void jsonIsTheArticlesMessage() throws Exception {
        var r = get(tomcat.uri("/json"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("{\"message\":\"Hello, World!\"}", text(r));
        assertEquals("27", header(r, "Content-Length"));
    }

    @Test
    void healthSaysHealthy() throws Exception {
        var r = get(tomcat.uri("/health"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("{\"status\":\"healthy\",\"database\":\"up\"}", text(r));
        assertEquals("no-store", header(r, "Cache-Control"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/json", "/health", "/", "/bench"})
    void readOnlyPagesRefuseWrites(String path) throws Exception {
        var r = send("POST", tomcat.uri(path));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", header(r, "Allow"));
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
    @ValueSource(strings = {"/static/missing.css", "/static/", "/error", "/WEB-INF/web.xml",
            "/WEB-INF/templates/hello.ftl", "/META-INF/MANIFEST.MF", "/static/../WEB-INF/web.xml"})
    void missingOrProtectedPathsAreAPlainNotFound(String path) throws Exception {
        var r = get(tomcat.uri(path));
        assertEquals(404, r.statusCode(), path);
        String body = text(r);
        assertFalse(body.contains("<html"), body);
        assertFalse(body.contains("Tomcat"), body);
        assertFalse(body.contains("Exception"), body);
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
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tomcat.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            var buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
