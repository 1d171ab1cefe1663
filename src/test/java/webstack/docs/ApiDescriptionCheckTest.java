package webstack.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import webstack.testing.ApiDescriptionCheck;

/** The check every contract answer goes through: what it accepts and, above all, what it catches. */
class ApiDescriptionCheckTest {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String USER = "{\"id\":7,\"email\":\"a@example.com\",\"name\":\"Ann\",\"created_at\":\"2026-12-02T07:00:00Z\",\"is_active\":true}";

    private static List<String> check(String method, String target, int status, String type, String body) {
        return ApiDescriptionCheck.violations(method, target, status, type, body);
    }

    private static void assertCaught(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " not in " + violations);
    }

    @Test
    void describedAnswersPass() {
        assertEquals(List.of(), check("GET", "/users/7", 200, JSON, USER));
        assertEquals(List.of(), check("GET", "/users?skip=0&limit=2", 200, JSON, "[" + USER + "]"));
        assertEquals(List.of(), check("POST", "/users", 201, "application/json;charset=UTF-8", USER));
        assertEquals(List.of(), check("DELETE", "/users/7", 204, null, ""));
        assertEquals(List.of(), check("GET", "/json", 200, JSON, "{\"message\":\"Hello, World!\"}"));
        assertEquals(List.of(), check("HEAD", "/json", 200, JSON, ""));
        assertEquals(List.of(), check("GET", "/Hello/3", 200, "text/plain;charset=UTF-8", "0: Hello\n"));
        assertEquals(List.of(), check("GET", "/health/ready", 503, JSON, "{\"status\":\"down\",\"checks\":{\"database\":\"down\"}}"));
        assertEquals(List.of(), check("GET", "/users/x", 400, PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Invalid user ID\"}"));
        assertEquals(List.of(), check("OPTIONS", "/users", 204, null, ""));
    }

    @Test
    void aBodyThatBreaksItsSchemaIsCaught() {
        assertCaught(check("GET", "/users/7", 200, JSON, USER.replace(",\"is_active\":true", "")), "is_active");
        assertCaught(check("GET", "/users/7", 200, JSON, USER.replace("}", ",\"password_hash\":\"$2a$10$x\"}")), "password_hash");
        assertCaught(check("GET", "/users/7", 200, JSON, USER.replace("2026-12-02T07:00:00Z", "yesterday")), "created_at");
        assertCaught(check("POST", "/token", 200, JSON, "{\"access_token\":\"t\",\"token_type\":\"mac\",\"expires_in\":60}"), "token_type");
    }

    @Test
    void aProblemMustBeAProblem() {
        assertCaught(check("GET", "/users/x", 400, JSON, "{\"detail\":\"Invalid user ID\"}"), "media type");
        assertCaught(check("GET", "/users/x", 400, PROBLEM, "{\"detail\":\"Invalid user ID\"}"), "required");
        assertCaught(check("GET", "/users/x", 400, PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"), "status");
        assertCaught(check("GET", "/a/b/c", 404, "text/html", "<p>gone</p>"), "problem+json");
    }

    @Test
    void undescribedStatusesMethodsAndPathsAreCaught() {
        assertCaught(check("GET", "/json", 201, JSON, "{\"message\":\"Hello, World!\"}"), "status 201 is not described");
        assertCaught(check("PUT", "/users/7", 200, JSON, USER), "must be 405");
        assertCaught(check("GET", "/a/b/c", 200, "text/plain", "x"), "no path of the description");
        assertCaught(check("DELETE", "/users/7", 204, null, "{}"), "no body is described");
        assertCaught(check("GET", "/json", 200, "text/plain", "Hello"), "media type 'text/plain'");
    }
}
