package webstack.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static webstack.testing.Answers.json;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.system.Responses;
import webstack.system.Routes;
import webstack.testing.InProcessContainer;
import webstack.testing.SiteWithUsers;
import webstack.testing.TestWiring;
import webstack.user.NewUser;
import webstack.user.UserPatch;
import webstack.user.UserService;
import webstack.user.UsersServlet;

/**
 * Bearer authentication in front of the users route as the route table puts it (the route
 * filter first, then AuthFilter with "POST /users" public), and in front of a probe route that
 * shows what the servlet sees.
 */
class AuthFilterTest {

    /** These tests act as an admin; who may do what is proved in UsersAuthorizationTest. */

    /** Answers who the request is, as the servlet behind the filter sees it. */
    private static final class WhoAmI extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Responses.plainText(resp, 200, req.getUserPrincipal().getName() + " " + req.getAuthType());
        }
    }

    private final TokenService tokens = TokenServiceTest.tokensAt(Instant.now());
    @RegisterExtension
    final SiteWithUsers app = new SiteWithUsers();
    private final UserService users = app.users;
    private final InProcessContainer site = app.site;

    @BeforeEach
    void addTheRoutes() {
        app.routes
                .api("users", new UsersServlet(users, TestWiring.jsonBodies()), UsersServlet.METHODS, "/users", "/users/{id}")
                .api("whoami", new WhoAmI(), Routes.READ, "/whoami")
                .filter("auth", new AuthFilter(tokens, Set.of("POST /users")), "users", "whoami");
    }

    private long register(String email) {
        return users.register(new NewUser(email, "Name", "correct horse battery")).id();
    }

    private MockHttpServletResponse get(String target, String authorization) throws IOException, ServletException {
        MockHttpServletRequest request = site.request("GET", target);
        if (authorization != null) request.addHeader("Authorization", authorization);
        return site.perform(request);
    }

    private static MockHttpServletRequest withToken(MockHttpServletRequest request, String token) {
        request.addHeader("Authorization", "Bearer " + token);
        return request;
    }

    private static void assertInvalidToken(MockHttpServletResponse r) {
        problem(r, 401, "Invalid token");
        assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users/1", "/whoami"})
    void noAuthorizationHeaderIs401WithABearerChallenge(String path) throws Exception {
        MockHttpServletResponse r = get(path, null);
        problem(r, 401, "Authorization header required");
        assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
        problem(get(path, "   "), 401, "Authorization header required");
    }

    @Test
    void aValidTokenPassesAndTheServletSeesTheUserAsPrincipal() throws Exception {
        long id = register("ann@example.com");
        String token = tokens.issue(id, 0).value();
        MockHttpServletResponse r = get("/whoami", "Bearer " + token);
        assertEquals(200, r.getStatus(), text(r));
        assertEquals(id + " BEARER\n", text(r));
        assertEquals(200, get("/whoami", "bearer " + token).getStatus(), "the scheme is case-insensitive");
        assertEquals("ann@example.com", json(get("/users/" + id, "Bearer " + token)).get("email").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YW5uOnB3", "Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Token abc"})
    void aHeaderWithoutAValidBearerTokenIsInvalid(String authorization) throws Exception {
        register("ann@example.com");
        assertInvalidToken(get("/whoami", authorization));
    }

    @Test
    void aValidTokenUnderAnotherSchemeIsInvalid() throws Exception {
        String token = tokens.issue(register("ann@example.com"), 0).value();
        assertInvalidToken(get("/whoami", "Basic " + token));
    }

    @Test
    void aForgedTokenIsInvalid() throws Exception {
        long id = register("ann@example.com");
        var forger = new TokenService("some-other-secret-that-is-long-enough-0123".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), Clock.systemUTC());
        assertInvalidToken(get("/whoami", "Bearer " + forger.issue(id, 0).value()));
    }

    @Test
    void theTokenOfADeletedUserIsInvalid() throws Exception {
        long id = register("ann@example.com");
        String token = tokens.issue(id, 0).value();
        long other = register("bob@example.com");
        users.delete(TestWiring.admin(users), id);
        // The filter checks the signature; the user operations check the user, on every route.
        assertInvalidToken(get("/users/" + other, "Bearer " + token));
        assertInvalidToken(get("/users", "Bearer " + token));
        assertInvalidToken(site.perform(withToken(site.json("PATCH", "/users/" + id, "{\"name\":\"x\"}"), token)));
        assertInvalidToken(site.perform(withToken(site.request("DELETE", "/users/" + other), token)));
    }

    @Test
    void theTokenOfADeactivatedUserIsInvalid() throws Exception {
        long id = register("ann@example.com");
        String token = tokens.issue(id, 0).value();
        long other = register("bob@example.com");
        users.update(TestWiring.admin(users), id, new UserPatch(null, false, null));
        // The filter checks the signature; the user operations check the user, on every route.
        assertInvalidToken(get("/users/" + other, "Bearer " + token));
        assertInvalidToken(get("/users", "Bearer " + token));
        assertInvalidToken(site.perform(withToken(site.json("PATCH", "/users/" + id, "{\"name\":\"x\"}"), token)));
        assertInvalidToken(site.perform(withToken(site.request("DELETE", "/users/" + other), token)));
    }

    @Test
    void registeringIsPublicButNothingElseIs() throws Exception {
        MockHttpServletResponse r = site.perform(site.json("POST", "/users",
                "{\"email\":\"ann@example.com\",\"name\":\"Ann\",\"password\":\"correct horse battery\"}"));
        assertEquals(201, r.getStatus(), text(r));
        problem(site.perform(site.json("PATCH", "/users/" + json(r).get("id").asLong(), "{\"name\":\"x\"}")), 401,
                "Authorization header required");
        problem(site.perform(site.json("POST", "/users/1", "{}")), 401, "Authorization header required");
    }

    @Test
    void aPreflightNeedsNoToken() throws Exception {
        MockHttpServletResponse r = site.perform(site.request("OPTIONS", "/users/1"));
        assertEquals(204, r.getStatus());
        assertNull(r.getHeader("WWW-Authenticate"));
    }
}
