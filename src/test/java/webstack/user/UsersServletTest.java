package webstack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Answers.fieldErrors;
import static webstack.testing.Answers.json;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.SiteWithUsers;
import webstack.testing.TestWiring;

/**
 * The users resource as its route serves it (route filter, then the servlet), on an in-memory
 * database. Authentication is AuthFilter's, proven in webstack.auth; here every request is an
 * admin's (who may do what: UsersAuthorizationTest).
 */
class UsersServletTest {

    private static final String PASSWORD = UserServiceTest.PASSWORD;

    @RegisterExtension
    final SiteWithUsers app = new SiteWithUsers();
    private final InProcessContainer site = app.site;

    @BeforeEach
    void addTheRoute() {
        app.routes.api("users", new UsersServlet(app.users, TestWiring.jsonBodies()), UsersServlet.METHODS, "/users", "/users/{id}")
                .filter("as-admin", TestWiring.asCaller(TestWiring.admin(app.users)), "users");
    }

    private MockHttpServletResponse perform(MockHttpServletRequest request) throws IOException, ServletException {
        return site.perform(request);
    }

    private MockHttpServletResponse send(String method, String target) throws IOException, ServletException {
        return perform(site.request(method, target));
    }

    private MockHttpServletResponse sendJson(String method, String target, String body) throws IOException, ServletException {
        return perform(site.json(method, target, body));
    }

    private static String registration(String email, String name, String password) {
        return "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
    }

    private long register(String email) throws IOException, ServletException {
        MockHttpServletResponse r = sendJson("POST", "/users", registration(email, "Name", PASSWORD));
        assertEquals(201, r.getStatus(), text(r));
        return json(r).get("id").asLong();
    }

    @Test
    void registerAnswers201WithLocationAndTheUser() throws Exception {
        MockHttpServletResponse r = sendJson("POST", "/users", registration("  ANN@Example.com ", "  Ann Smith ", PASSWORD));
        assertEquals(201, r.getStatus(), text(r));
        assertEquals("application/json", r.getContentType());
        JsonNode user = json(r);
        long id = user.get("id").asLong();
        assertEquals("/users/" + id, r.getHeader("Location"));
        assertEquals("ann@example.com", user.get("email").asText());
        assertEquals("Ann Smith", user.get("name").asText());
        assertTrue(user.get("is_active").asBoolean());
        assertTrue(user.get("created_at").asText().endsWith("Z"), user.get("created_at").asText());
        List<String> fields = new ArrayList<>();
        user.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("created_at", "email", "id", "is_active", "name"), fields.stream().sorted().toList());
        assertFalse(text(r).contains(PASSWORD));
        assertFalse(text(r).contains("$2a$"), "no hash in the answer");
    }

    @Test
    void everyBadFieldIsNamedInSnakeCase() throws Exception {
        MockHttpServletResponse r = sendJson("POST", "/users", registration("not-an-email", "  ", "short"));
        JsonNode problem = problem(r, 422, "Invalid request: 3 field(s) failed validation");
        assertEquals(Map.of("email", "must be a valid email address", "name", "must not be blank",
                "password", "must be 8 to 72 bytes of UTF-8"), fieldErrors(problem));

        JsonNode patch = problem(sendJson("PATCH", "/users/" + register("ann@example.com"), "{\"name\":\" \"}"), 422,
                "Invalid request: 1 field(s) failed validation");
        assertEquals(Map.of("name", "must be 1 to 100 characters, not blank"), fieldErrors(patch));
    }

    @Test
    void anEmailAlreadyRegisteredIs400() throws Exception {
        register("ann@example.com");
        problem(sendJson("POST", "/users", registration("Ann@example.com", "Other", PASSWORD)), 400, "Email already registered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\":", "not json", "{\"a\":1} trailing", "[1,2]", "null", "\"text\""})
    void malformedJsonIs400(String body) throws Exception {
        MockHttpServletResponse r = sendJson("POST", "/users", body);
        assertEquals(400, r.getStatus(), text(r));
        assertEquals("application/problem+json", r.getContentType());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"email\":5,\"name\":\"N\",\"password\":\"correct horse battery\"}",
        "{\"email\":\"a@b.cd\",\"name\":[\"N\"],\"password\":\"correct horse battery\"}",
        "{\"email\":\"a@b.cd\",\"name\":\"N\",\"password\":12345678}",
        "{\"email\":\"a@b.cd\",\"name\":true,\"password\":\"correct horse battery\"}"})
    void wrongJsonTypesAre400(String body) throws Exception {
        MockHttpServletResponse r = sendJson("POST", "/users", body);
        assertEquals(400, r.getStatus(), text(r));
        assertTrue(json(r).get("detail").asText().startsWith("Wrong type for field '"), text(r));
    }

    @Test
    void aWrongTypeInAPatchIs400() throws Exception {
        long id = register("ann@example.com");
        problem(sendJson("PATCH", "/users/" + id, "{\"is_active\":\"yes\"}"), 400, "Wrong type for field 'is_active'");
        problem(sendJson("PATCH", "/users/" + id, "{\"name\":5}"), 400, "Wrong type for field 'name'");
    }

    @Test
    void aMissingBodyIs400() throws Exception {
        MockHttpServletRequest request = site.request("POST", "/users");
        request.setContentType("application/json");
        problem(perform(request), 400, "Request body required");
    }

    @Test
    void aBodyOver64KiBIs413() throws Exception {
        String big = registration("ann@example.com", "x".repeat(70_000), PASSWORD);
        problem(sendJson("POST", "/users", big), 413, "Request body larger than 65536 bytes");
    }

    @Test
    void aBodyThatIsNotJsonIs415() throws Exception {
        String body = registration("ann@example.com", "Ann", PASSWORD);
        problem(perform(site.request("POST", "/users", "text/plain", body)), 415, "Content-Type must be application/json");
        problem(perform(site.request("POST", "/users", null, body)), 415, "Content-Type must be application/json");
        assertEquals(201, perform(site.request("POST", "/users", "application/json; charset=utf-8", body)).getStatus());
    }

    @Test
    void theListIsPagedInIdOrder() throws Exception {
        List<Long> ids = new ArrayList<>();
        ids.add(1L); // the admin these requests are made as
        for (int i = 0; i < 11; i++) ids.add(register("u" + i + "@example.com"));
        assertEquals(ids.subList(0, 10), listedIds(send("GET", "/users")), "10 by default");
        assertEquals(ids.subList(1, 3), listedIds(send("GET", "/users?skip=1&limit=2")));
        assertEquals(ids, listedIds(send("GET", "/users?limit=100")));
        assertEquals(List.of(), listedIds(send("GET", "/users?skip=2147483647&limit=1")));
        assertFalse(text(send("GET", "/users")).contains("password"));
    }

    private static List<Long> listedIds(MockHttpServletResponse r) {
        assertEquals(200, r.getStatus(), text(r));
        List<Long> ids = new ArrayList<>();
        json(r).forEach(u -> ids.add(u.get("id").asLong()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip=-1", "limit=0", "limit=101", "limit=-5", "skip=abc", "limit=1.5", "skip=2147483648",
            "limit=99999999999999999999", "limit="})
    void paginationOutOfBoundsIs422NamingTheParameter(String query) throws Exception {
        String name = query.substring(0, query.indexOf('='));
        JsonNode problem = problem(send("GET", "/users?" + query), 422, "Invalid query parameter '" + name + "'");
        assertEquals(1, problem.get("errors").size());
        assertEquals(name, problem.get("errors").get(0).get("field").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "-1", "0", "99999999999999999999", "9223372036854775808", "1e3", " ", "", "1/2"})
    void anInvalidUserIdIs400(String id) throws Exception {
        problem(send("GET", "/users/" + id), 400, "Invalid user ID");
        problem(send("DELETE", "/users/" + id), 400, "Invalid user ID");
        problem(sendJson("PATCH", "/users/" + id, "{\"name\":\"x\"}"), 400, "Invalid user ID");
    }

    @Test
    void theLargestUserIdIsValidAndNotFound() throws Exception {
        problem(send("GET", "/users/9223372036854775807"), 404, "User not found");
        problem(send("DELETE", "/users/9223372036854775807"), 404, "User not found");
        problem(sendJson("PATCH", "/users/9223372036854775807", "{\"name\":\"x\"}"), 404, "User not found");
    }

    @Test
    void getReadsOneUser() throws Exception {
        long id = register("ann@example.com");
        MockHttpServletResponse r = send("GET", "/users/" + id);
        assertEquals(200, r.getStatus());
        assertEquals("ann@example.com", json(r).get("email").asText());
        assertEquals(id, json(send("GET", "/users/000" + id)).get("id").asLong(), "leading zeros are the same id");
    }

    @Test
    void patchChangesOnlyWhatIsGiven() throws Exception {
        long id = register("ann@example.com");
        JsonNode renamed = json(sendJson("PATCH", "/users/" + id, "{\"name\":\"  New Name \"}"));
        assertEquals("New Name", renamed.get("name").asText());
        assertTrue(renamed.get("is_active").asBoolean());

        JsonNode deactivated = json(sendJson("PATCH", "/users/" + id, "{\"is_active\":false}"));
        assertEquals("New Name", deactivated.get("name").asText());
        assertFalse(deactivated.get("is_active").asBoolean());

        MockHttpServletResponse unchanged = sendJson("PATCH", "/users/" + id, "{}");
        assertEquals(200, unchanged.getStatus());
        assertEquals(deactivated, json(unchanged));
        assertEquals(deactivated, json(send("GET", "/users/" + id)));
    }

    @Test
    void deleteAnswers204ThenTheUserIsGone() throws Exception {
        long id = register("ann@example.com");
        MockHttpServletResponse r = send("DELETE", "/users/" + id);
        assertEquals(204, r.getStatus());
        assertEquals(0, r.getContentAsByteArray().length);
        problem(send("GET", "/users/" + id), 404, "User not found");
    }

    @Test
    void methodsThatDoNotFitAre405WithAllow() throws Exception {
        MockHttpServletResponse postOnUser = sendJson("POST", "/users/1", registration("ann@example.com", "Ann", PASSWORD));
        problem(postOnUser, 405, "Method POST not allowed here; allowed: GET, HEAD, PATCH, DELETE, OPTIONS");
        assertEquals("GET, HEAD, PATCH, DELETE, OPTIONS", postOnUser.getHeader("Allow"));

        MockHttpServletResponse patchOnCollection = sendJson("PATCH", "/users", "{\"name\":\"x\"}");
        problem(patchOnCollection, 405, "Method PATCH not allowed here; allowed: GET, HEAD, POST, OPTIONS");
        assertEquals("GET, HEAD, POST, OPTIONS", patchOnCollection.getHeader("Allow"));

        MockHttpServletResponse deleteOnCollection = send("DELETE", "/users");
        assertEquals(405, deleteOnCollection.getStatus());
        assertEquals("GET, HEAD, POST, OPTIONS", deleteOnCollection.getHeader("Allow"));

        MockHttpServletResponse put = sendJson("PUT", "/users/1", "{}");
        problem(put, 405, "Method PUT not allowed here; allowed: GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        assertEquals("GET, HEAD, POST, PATCH, DELETE, OPTIONS", put.getHeader("Allow"));
    }
}
