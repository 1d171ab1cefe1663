package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Answers.json;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.auth.AuthFilter;
import webstack.auth.TokenService;
import webstack.testing.SiteWithUsers;
import webstack.testing.TestWiring;

/**
 * Who may do what, through the real bearer-token filter: any valid token reads users' public
 * fields; the email only its owner and admins; a user changes and deletes only itself, an admin
 * anyone (else 403); a new password or a deactivation ends the tokens issued before it.
 */
class UsersAuthorizationTest {

    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final SiteWithUsers app = new SiteWithUsers();
    private final TokenService tokens = new TokenService(
            "authorization-test-secret-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.time.Duration.ofHours(1), java.time.Clock.systemUTC());

    private record Account(long id, String email, String token) {
    }

    private Account ann;
    private Account bob;
    private Account admin;

    @BeforeEach
    void accounts() {
        app.routes.api("users", new UsersServlet(app.users, TestWiring.jsonBodies()), UsersServlet.METHODS, "/users", "/users/{id}")
                .filter("auth", new AuthFilter(tokens, Set.of("POST /users")), "users");
        ann = account("ann@example.com");
        bob = account("bob@example.com");
        app.users.ensureAdmin("root@example.com", "Admin", "operator password");
        admin = login("root@example.com", "operator password");
    }

    private Account account(String email) {
        app.users.register(new NewUser(email, "Name", PASSWORD));
        return login(email, PASSWORD);
    }

    private Account login(String email, String password) {
        User user = app.users.authenticate(email, password);
        return new Account(user.getId(), email, tokens.issue(user.getId(), user.getTokenVersion()).value());
    }

    private MockHttpServletResponse send(Account as, String method, String target, String body) throws Exception {
        MockHttpServletRequest request = body == null ? app.site.request(method, target) : app.site.json(method, target, body);
        request.addHeader("Authorization", "Bearer " + as.token());
        return app.site.perform(request);
    }

    @Test
    void anyTokenReadsPublicFieldsButTheEmailOnlyOfItsOwnAccount() throws Exception {
        JsonNode other = json(send(ann, "GET", "/users/" + bob.id(), null));
        assertFalse(other.has("email"), "omitted, not null: " + other);
        assertEquals("Name", other.get("name").asText());
        assertTrue(other.has("created_at") && other.has("is_active"));
        assertEquals(ann.email(), json(send(ann, "GET", "/users/" + ann.id(), null)).get("email").asText());
        for (JsonNode user : json(send(ann, "GET", "/users", null))) {
            assertEquals(user.get("id").asLong() == ann.id(), user.has("email"), user.toString());
        }
    }

    @Test
    void anAdminSeesEveryEmail() throws Exception {
        assertEquals(bob.email(), json(send(admin, "GET", "/users/" + bob.id(), null)).get("email").asText());
        for (JsonNode user : json(send(admin, "GET", "/users", null))) assertTrue(user.has("email"), user.toString());
    }

    @Test
    void aUserChangesAndDeletesOnlyItself() throws Exception {
        String denied = "Only the account's owner or an admin may change it";
        problem(send(ann, "PATCH", "/users/" + bob.id(), "{\"name\":\"Mallory\"}"), 403, denied);
        problem(send(ann, "PATCH", "/users/" + bob.id(), "{\"is_active\":false}"), 403, denied);
        problem(send(ann, "DELETE", "/users/" + bob.id(), null), 403, denied);
        problem(send(ann, "DELETE", "/users/999999", null), 403, denied);
        assertEquals("Name", json(send(bob, "GET", "/users/" + bob.id(), null)).get("name").asText(), "bob untouched");
        assertEquals(200, send(ann, "PATCH", "/users/" + ann.id(), "{\"name\":\"Annie\"}").getStatus());
        assertEquals(204, send(ann, "DELETE", "/users/" + ann.id(), null).getStatus());
    }

    @Test
    void anAdminChangesAndDeletesAnyone() throws Exception {
        MockHttpServletResponse renamed = send(admin, "PATCH", "/users/" + bob.id(), "{\"name\":\"Robert\"}");
        assertEquals(200, renamed.getStatus(), text(renamed));
        assertEquals("Robert", json(renamed).get("name").asText());
        assertEquals(204, send(admin, "DELETE", "/users/" + ann.id(), null).getStatus());
        problem(send(admin, "GET", "/users/" + ann.id(), null), 404, "User not found");
    }

    @Test
    void aNewPasswordEndsTheTokensIssuedBefore() throws Exception {
        String before = ann.token();
        assertEquals(200, send(ann, "PATCH", "/users/" + ann.id(), "{\"password\":\"a brand new one\"}").getStatus());
        problem(send(ann, "GET", "/users", null), 401, "Invalid token");
        assertEquals(null, app.users.authenticate(ann.email(), PASSWORD), "the old password no longer works");
        Account again = login(ann.email(), "a brand new one");
        assertEquals(200, send(again, "GET", "/users", null).getStatus(), "a token issued after works");
        assertFalse(before.equals(again.token()));
    }

    @Test
    void deactivationEndsTheTokensEvenAfterReactivation() throws Exception {
        assertEquals(200, send(admin, "PATCH", "/users/" + bob.id(), "{\"is_active\":false}").getStatus());
        problem(send(bob, "GET", "/users", null), 401, "Invalid token");
        assertEquals(200, send(admin, "PATCH", "/users/" + bob.id(), "{\"is_active\":true}").getStatus());
        problem(send(bob, "GET", "/users", null), 401, "Invalid token");
    }

    @Test
    void nameChangesKeepTheTokens() throws Exception {
        assertEquals(200, send(ann, "PATCH", "/users/" + ann.id(), "{\"name\":\"Ann B\"}").getStatus());
        assertEquals(200, send(ann, "GET", "/users", null).getStatus());
    }

    @Test
    void theOperatorsAdminIsMadeOnceAndTakesBackAnAccountRegisteredUnderItsEmail() throws Exception {
        // Someone registered the admin email first, by a public request: the setting takes it over.
        Account squatter = account("boss@example.com");
        app.users.ensureAdmin("boss@example.com", "Admin", "the operator's password");
        problem(send(squatter, "GET", "/users", null), 401, "Invalid token");
        assertEquals(null, app.users.authenticate("boss@example.com", PASSWORD));
        Account boss = login("boss@example.com", "the operator's password");
        assertEquals(bob.email(), json(send(boss, "GET", "/users/" + bob.id(), null)).get("email").asText());
        // Every instance runs it at start-up: unchanged settings change nothing, tokens included.
        app.users.ensureAdmin("boss@example.com", "Admin", "the operator's password");
        assertEquals(200, send(boss, "GET", "/users", null).getStatus());
    }

    @Test
    void registrationNeverMakesAnAdmin() throws Exception {
        MockHttpServletResponse r = app.site.perform(app.site.json("POST", "/users",
                "{\"email\":\"eve@example.com\",\"name\":\"Eve\",\"password\":\"" + PASSWORD + "\",\"is_admin\":true}"));
        assertEquals(201, r.getStatus());
        Account eve = login("eve@example.com", PASSWORD);
        assertFalse(json(send(eve, "GET", "/users/" + bob.id(), null)).has("email"));
        problem(send(eve, "DELETE", "/users/" + bob.id(), null), 403, "Only the account's owner or an admin may change it");
    }
}
