package webstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import webstack.testing.Http;
import webstack.testing.SharedTomcat;
import webstack.testing.TomcatInstance;

/**
 * Requests Tomcat refuses itself, before the webapp sees them, on an instance started by
 * deploy/run with deploy/tomcat/server.xml: the site's HTML error page (conf/errors/, which
 * Tomcat's ErrorReportValve can only send as text/html), never Tomcat's report, and no
 * product name or version in a header. (Behind nginx these never reach Tomcat: ClusterSecurityIT.)
 */
@ExtendWith(SharedTomcat.class)
class TomcatErrorsIT {

    private static TomcatInstance tomcat;

    @BeforeAll
    static void tomcat(TomcatInstance shared) {
        tomcat = shared;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET /%FF%FE/2 HTTP/1.1     | 400 Bad Request",
            "GET /..;/ HTTP/1.1         | 400 Bad Request",
            "GET /a%2Fb/1 HTTP/1.1      | 400 Bad Request",
            "GET /Hello/1{} HTTP/1.1    | 400 Bad Request",
            "GET /json HTTP/2.5         | 505 HTTP Version Not Supported"})
    void aRequestTomcatRefusesGetsTheSitesErrorPage(String requestLine, String heading) throws Exception {
        assertSitePage(raw(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n"), heading);
    }

    @Test
    void oversizedHeadersGetTheSitesErrorPage() throws Exception {
        assertSitePage(raw("GET /json HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), "400 Bad Request");
    }

    @Test
    void anUnknownTransferCodingGetsTheSitesErrorPage() throws Exception {
        assertSitePage(raw("POST /users HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n"),
                "501 Not Implemented");
    }

    @Test
    void noAnswerNamesTheServer() throws Exception {
        for (String answer : new String[] {
                raw("GET /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                raw("GET /%FF/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")}) {
            String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
            assertFalse(headers.contains("\r\nserver:"), answer);
            assertFalse(headers.contains("\r\nx-powered-by:"), answer);
        }
    }

    private static void assertSitePage(String answer, String heading) {
        assertTrue(answer.startsWith("HTTP/1.1 " + heading.substring(0, 3)), answer);
        assertTrue(answer.contains("\r\nContent-Type: text/html;charset=UTF-8\r\n"), answer);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertTrue(body.startsWith("<!DOCTYPE html>"), body);
        assertTrue(body.contains("<h1>" + heading + "</h1>"), body);
        assertTrue(body.contains("<link rel=\"stylesheet\" href=\"/static/site.css\">"), body);
        assertFalse(answer.contains("Tomcat") || answer.contains("Apache") || answer.contains("HTTP Status"), answer);
        assertEquals(-1, answer.toLowerCase().indexOf("\r\nserver:"), answer);
    }

    private static String raw(String request) throws Exception {
        return Http.raw(tomcat.port(), request);
    }
}
