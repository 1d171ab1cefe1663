package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.TestWiring;

/** How an exception becomes an answer, and what HttpError's factories say. */
class ErrorsTest {

    private final Errors errors = TestWiring.errors();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/somewhere");

    @Test
    void anHttpErrorIsAnsweredAsItIs() {
        HttpError error = HttpError.notFound("Nothing here");
        assertSame(error, errors.answerFor(request, error));
        assertSame(error, errors.answerFor(request, new ServletException(error)));
    }

    @Test
    void anUnreachableDatabaseIs503() {
        for (Throwable e : List.of(new SQLTransientConnectionException("pool timeout"), new SQLRecoverableException("gone"),
                new SQLTimeoutException("slow"), new SQLNonTransientConnectionException("refused", "08001"),
                new SQLException("link failure", "08S01"), new PersistenceException(new IOException(new SQLTransientConnectionException())))) {
            assertTrue(Errors.isDatabaseUnavailable(e), e.toString());
            HttpError answer = errors.answerFor(request, e);
            assertEquals(503, answer.status(), e.toString());
            assertEquals("Database unavailable, try again shortly", answer.getMessage());
        }
    }

    @Test
    void aWriteThatKeptConflictingIs503WithRetryAfter() {
        var conflict = new PersistenceException(new java.sql.SQLTransactionRollbackException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
        HttpError answer = errors.answerFor(request, conflict);
        assertEquals(503, answer.status());
        assertEquals("The write conflicted with another one, try again", answer.getMessage());
        assertEquals("1", answer.headers().get("Retry-After"));
    }

    @Test
    void anyOtherExceptionIs500WithoutItsMessage() {
        for (Throwable e : List.of(new IllegalStateException("secret"), new SQLSyntaxErrorException("secret", "42000"),
                new SQLException("secret", "23505"), new ServletException("secret", new NullPointerException("secret")))) {
            assertFalse(Errors.isDatabaseUnavailable(e), e.toString());
            HttpError answer = errors.answerFor(request, e);
            assertEquals(500, answer.status());
            assertEquals("Internal error", answer.getMessage());
        }
    }

    @Test
    void aCommittedResponseIsLeftAlone() throws IOException {
        var response = new MockHttpServletResponse();
        response.setStatus(200);
        response.getOutputStream().write("sent".getBytes());
        response.setCommitted(true);
        errors.write(response, Route.Kind.API, HttpError.badRequest("too late"));
        errors.write(response, Route.Kind.PAGE, HttpError.badRequest("too late"));
        assertEquals(200, response.getStatus());
        assertEquals("sent", response.getContentAsString());
        assertEquals(Set.of(), Set.copyOf(response.getHeaderNames()));
    }

    @Test
    void problemTitlesAreTheStatusNames() {
        assertEquals("Bad Request", Problems.title(400));
        assertEquals("Unprocessable Content", Problems.title(422));
        assertEquals("Content Too Large", Problems.title(413));
        assertEquals("Upgrade Required", Problems.title(426));
        assertEquals("Service Unavailable", Problems.title(503));
        assertEquals("Internal Server Error", Problems.title(502));
        assertEquals("Error", Problems.title(418));
    }

    @Test
    void methodNotAllowedListsTheAllowedMethodsInOrder() {
        HttpError e = HttpError.methodNotAllowed("PUT", Set.of("OPTIONS", "POST", "GET"));
        assertEquals(405, e.status());
        assertEquals("Method PUT not allowed here; allowed: GET, POST, OPTIONS", e.getMessage());
        assertEquals(Map.of("Allow", "GET, POST, OPTIONS"), e.headers());
    }

    @Test
    void unauthorizedChallengesForABearerToken() {
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), HttpError.unauthorized("x").headers());
        assertEquals(401, HttpError.unauthorized("x").status());
    }

    @Test
    void anHttpErrorHasNoStackTrace() {
        assertEquals(0, HttpError.badRequest("x").getStackTrace().length);
    }
}
