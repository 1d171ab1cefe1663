package webstack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.mock.web.MockHttpServletResponse;

/** Reading and checking the answers of the in-process tests. */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    public static String text(MockHttpServletResponse response) {
        return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    public static JsonNode json(MockHttpServletResponse response) {
        try {
            return JSON.readTree(response.getContentAsByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.getStatus() + "): " + text(response), e);
        }
    }

    /** Asserts a complete RFC 9457 problem with this status and detail; returns it for more checks. */
    public static JsonNode problem(MockHttpServletResponse response, int status, String detail) {
        assertComplete(response, status, "application/problem+json");
        JsonNode problem = json(response);
        assertEquals("about:blank", problem.path("type").asText());
        assertFalse(problem.path("title").asText().isBlank(), "a title");
        assertEquals(status, problem.path("status").asInt());
        assertEquals(detail, problem.path("detail").asText());
        return problem;
    }

    /** Asserts the HTML error page with this status and detail (HTML-escaped); returns the page. */
    public static String page(MockHttpServletResponse response, int status, String detail) {
        assertComplete(response, status, "text/html;charset=UTF-8");
        String html = text(response);
        assertTrue(html.contains("<h1>" + status + " "), html);
        assertTrue(html.contains("<p class=\"error-detail\">" + escapeHtml(detail) + "</p>"), html);
        return html;
    }

    private static void assertComplete(MockHttpServletResponse response, int status, String contentType) {
        assertEquals(status, response.getStatus(), text(response));
        assertEquals(contentType, response.getContentType());
        assertEquals(response.getContentAsByteArray().length, response.getContentLength(), "Content-Length");
    }

    /** As FreeMarker's HTML output format escapes. */
    public static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** The field errors of a problem, field to message, in the order the problem lists them. */
    public static Map<String, String> fieldErrors(JsonNode problem) {
        Map<String, String> errors = new LinkedHashMap<>();
        problem.path("errors").forEach(e -> errors.put(e.get("field").asText(), e.get("message").asText()));
        return errors;
    }
}
