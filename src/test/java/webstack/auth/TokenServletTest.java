package webstack.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static webstack.testing.Answers.fieldErrors;
import static webstack.testing.Answers.json;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.SiteWithUsers;
import webstack.testing.TestWiring;
import webstack.user.NewUser;
import webstack.user.UserPatch;
import webstack.user.UserService;

/** {@code POST /token}, the password grant, as its route serves it. */
class TokenServletTest {

    /** These tests act as an admin; who may do what is proved in UsersAuthorizationTest. */

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PASSWORD = "correct horse + battery";

    private final TokenService tokens = TokenServiceTest.tokensAt(Instant.now());

    @RegisterExtension
    final SiteWithUsers app = new SiteWithUsers();
    private final UserService users = app.users;
    private final InProcessContainer site = app.site;
    private final long annId = users.register(new NewUser("ann@example.com", "Ann", PASSWORD)).id();

    @BeforeEach
    void addTheRoute() {
        app.routes.api("token", new TokenServlet(users, tokens, TestWiring.jsonBodies()), Set.of("POST"), "/token");
    }

    private MockHttpServletResponse post(String contentType, String body) throws IOException, ServletException {
        return site.perform(site.request("POST", "/token", contentType, body));
    }

    private static String form(String username, String password) {
        return "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    @Test
    void theRightCredentialsGetABearerTokenForTheUser() throws Exception {
        MockHttpServletResponse r = post(FORM, form("  ANN@example.com ", PASSWORD));
        assertEquals(200, r.getStatus(), text(r));
        assertEquals("application/json", r.getContentType());
        assertEquals("no-store", r.getHeader("Cache-Control"));
        JsonNode token = json(r);
        assertEquals("bearer", token.get("token_type").asText());
        assertEquals(3600, token.get("expires_in").asLong());
        assertEquals(Optional.of(new TokenService.Claims(annId, 0)), tokens.verify(token.get("access_token").asText()));
    }

    @Test
    void aFormContentTypeWithACharsetIsAForm() throws Exception {
        assertEquals(200, post(FORM + "; charset=UTF-8", form("ann@example.com", PASSWORD)).getStatus());
    }

    @Test
    void fieldsMayComeInAnyOrderAndTheFirstOfARepeatedFieldCounts() throws Exception {
        String body = "password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&&username=ann%40example.com&password=x";
        assertEquals(200, post(FORM, body).getStatus());
    }

    @Test
    void theFormIsDecodedAsFormsAre() throws Exception {
        assertEquals(200, post(FORM, "username=ann%40example.com&password=correct+horse+%2B+battery").getStatus());
        problem(post(FORM, "username=ann%40example.com&password=correct+horse+++battery"), 401, "Incorrect email or password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "multipart/form-data"})
    void anythingButAFormIs415(String contentType) throws Exception {
        problem(post(contentType, form("ann@example.com", PASSWORD)), 415,
                "Content-Type must be application/x-www-form-urlencoded");
    }

    @Test
    void missingFieldsAre422NamingEach() throws Exception {
        JsonNode both = problem(post(FORM, ""), 422, "Invalid request: 2 field(s) failed validation");
        assertEquals(Map.of("password", "is required", "username", "is required"), fieldErrors(both));
        JsonNode noPassword = problem(post(FORM, "username=ann%40example.com&password="), 422,
                "Invalid request: 1 field(s) failed validation");
        assertEquals(Map.of("password", "is required"), fieldErrors(noPassword));
    }

    @Test
    void wrongCredentialsAre401WithABearerChallenge() throws Exception {
        for (String body : new String[] {form("ann@example.com", PASSWORD + "!"), form("bob@example.com", PASSWORD)}) {
            MockHttpServletResponse r = post(FORM, body);
            problem(r, 401, "Incorrect email or password");
            assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
        }
    }

    @Test
    void aDeactivatedUserGetsNoToken() throws Exception {
        users.update(TestWiring.admin(users), annId, new UserPatch(null, false, null));
        problem(post(FORM, form("ann@example.com", PASSWORD)), 401, "Incorrect email or password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"username=ann%zzexample.com&password=x", "username=ann%4&password=x", "username=a&password=%"})
    void malformedPercentEncodingIs400(String body) throws Exception {
        problem(post(FORM, body), 400, "Malformed form body");
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        MockHttpServletResponse r = site.perform(site.request("GET", "/token"));
        problem(r, 405, "Method GET not allowed here; allowed: POST, OPTIONS");
        assertEquals("POST, OPTIONS", r.getHeader("Allow"));
    }
}
