package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Answers.fieldErrors;
import static webstack.testing.Answers.json;
import static webstack.testing.Answers.page;
import static webstack.testing.Answers.problem;
import static webstack.testing.Answers.text;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/**
 * The one error rule and CORS, through the route filter of a real route table: an API route's
 * errors are problems, a page route's errors are HTML pages; CORS only on API routes.
 */
class RouteFilterTest {

    /** What a route's servlet does: the test decides. */
    @FunctionalInterface
    interface Behaviour {
        void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException;
    }

    private static final class Scripted extends HttpServlet {
        Behaviour behaviour = (req, resp) -> Responses.plainText(resp, 200, "served");

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            behaviour.serve(req, resp);
        }
    }

    private final Scripted api = new Scripted();
    private final Scripted page = new Scripted();
    private InProcessContainer site;

    @BeforeEach
    void start() {
        site = siteWithCors();
    }

    private InProcessContainer siteWithCors(String... origins) {
        var container = new InProcessContainer();
        TestWiring.routes(container, origins)
                .api("api", api, Set.of("GET", "POST"), "/api/{rest}")
                .page("page", page, "/page/{rest}");
        return container;
    }

    private MockHttpServletResponse get(String target) throws IOException, ServletException {
        return site.perform(site.request("GET", target));
    }

    private void failWith(Throwable error) {
        Behaviour throwing = (req, resp) -> {
            if (error instanceof ServletException e) throw e;
            throw (RuntimeException) error;
        };
        api.behaviour = throwing;
        page.behaviour = throwing;
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(HttpError.badRequest("Bad input"), 400, "Bad input"),
                Arguments.of(HttpError.notFound("No such thing"), 404, "No such thing"),
                Arguments.of(HttpError.unsupportedMediaType("application/json"), 415, "Content-Type must be application/json"),
                Arguments.of(HttpError.invalid(List.of(new HttpError.FieldError("name", "must not be blank"))), 422,
                        "Invalid request: 1 field(s) failed validation"),
                Arguments.of(new HttpError(426, "Use WebSocket", List.of(), Map.of("Upgrade", "websocket")), 426, "Use WebSocket"),
                Arguments.of(new ServletException(HttpError.notFound("Wrapped")), 404, "Wrapped"),
                Arguments.of(new PersistenceException(new SQLTransientConnectionException("pool timeout after 3000ms")), 503,
                        "Database unavailable, try again shortly"),
                Arguments.of(new ServletException(new SQLTransientConnectionException("pool timeout")), 503,
                        "Database unavailable, try again shortly"),
                Arguments.of(new IllegalStateException("internals: password=hunter2"), 500, "Internal error"),
                Arguments.of(new ServletException("template failed", new IllegalStateException("internals: hunter2")), 500,
                        "Internal error"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void everyErrorIsAProblemOnAnApiRouteAndAnHtmlPageOnAPageRoute(Throwable error, int status, String detail) throws Exception {
        failWith(error);
        MockHttpServletResponse onApi = get("/api/x");
        problem(onApi, status, detail);
        MockHttpServletResponse onPage = get("/page/x");
        page(onPage, status, detail);
        for (MockHttpServletResponse r : List.of(onApi, onPage)) {
            assertFalse(text(r).contains("hunter2"), "no internals");
            assertFalse(text(r).contains("Exception"), "no exception names");
        }
    }

    @Test
    void aProblemListsTheFieldsThatFailed() throws Exception {
        failWith(HttpError.invalid(List.of(new HttpError.FieldError("is_active", "is required"))));
        assertEquals(Map.of("is_active", "is required"), fieldErrors(problem(get("/api/x"), 422,
                "Invalid request: 1 field(s) failed validation")));
    }

    @Test
    void theHeadersAnErrorNeedsAreSentWithEitherKind() throws Exception {
        failWith(HttpError.unauthorized("Token required"));
        MockHttpServletResponse onApi = get("/api/x");
        problem(onApi, 401, "Token required");
        assertEquals("Bearer", onApi.getHeader("WWW-Authenticate"));
        MockHttpServletResponse onPage = get("/page/x");
        page(onPage, 401, "Token required");
        assertEquals("Bearer", onPage.getHeader("WWW-Authenticate"));
    }

    @Test
    void aPageEscapesTheDetail() throws Exception {
        failWith(HttpError.badRequest("<script>alert('x')</script> & \"more\""));
        String html = page(get("/page/x"), 400, "<script>alert('x')</script> & \"more\"");
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), html);
        assertEquals("<script>alert('x')</script> & \"more\"", json(get("/api/x")).get("detail").asText());
    }

    @Test
    void aMethodTheRouteDoesNotTakeIs405WithAllow() throws Exception {
        MockHttpServletResponse onApi = site.perform(site.request("DELETE", "/api/x"));
        problem(onApi, 405, "Method DELETE not allowed here; allowed: GET, POST, OPTIONS");
        assertEquals("GET, POST, OPTIONS", onApi.getHeader("Allow"));

        MockHttpServletResponse onPage = site.perform(site.request("POST", "/page/x"));
        page(onPage, 405, "Method POST not allowed here; allowed: GET, HEAD");
        assertEquals("GET, HEAD", onPage.getHeader("Allow"));
    }

    @Test
    void whatTheServletWroteBeforeFailingIsReplacedByTheError() throws Exception {
        api.behaviour = (req, resp) -> {
            resp.setContentType("text/plain");
            resp.getOutputStream().write("half an answer".getBytes());
            throw HttpError.notFound("Gone");
        };
        MockHttpServletResponse r = get("/api/x");
        problem(r, 404, "Gone");
        assertFalse(text(r).contains("half an answer"));
    }

    @Test
    void aCommittedResponseIsLeftAlone() throws Exception {
        api.behaviour = (req, resp) -> {
            resp.setStatus(200);
            resp.getOutputStream().write("half an answer".getBytes());
            resp.flushBuffer();
            throw new IllegalStateException("failed midway");
        };
        MockHttpServletResponse r = get("/api/x");
        assertEquals(200, r.getStatus());
        assertEquals("half an answer", text(r));
    }

    @Test
    void aRouteThatIsNotOursPassesThrough() throws Exception {
        var filter = new RouteFilter(TestWiring.routes(new InProcessContainer()), TestWiring.errors(), new CorsPolicy(List.of("*")),
                java.time.Duration.ofSeconds(10), 512);
        var request = new MockHttpServletRequest("DELETE", "/elsewhere");
        request.setHttpServletMapping(new MockHttpServletMapping("elsewhere", "/elsewhere", "not-ours", null));
        var chain = new MockFilterChain();
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        assertNotNull(chain.getRequest(), "the chain went on");
        assertNull(response.getHeader("Access-Control-Allow-Origin"));
    }

    // --- CORS --------------------------------------------------------------------------

    private MockHttpServletResponse fromOrigin(String method, String target, String origin) throws IOException, ServletException {
        MockHttpServletRequest request = site.request(method, target);
        request.addHeader("Origin", origin);
        return site.perform(request);
    }

    @Test
    void apiAnswersAllowAnyOriginByDefault() throws Exception {
        MockHttpServletResponse r = fromOrigin("GET", "/api/x", "https://anywhere.example");
        assertEquals(200, r.getStatus());
        assertEquals("*", r.getHeader("Access-Control-Allow-Origin"));
        assertNull(r.getHeader("Vary"));
    }

    @Test
    void apiErrorsCarryCorsTooSoBrowsersCanReadThem() throws Exception {
        failWith(HttpError.notFound("No such thing"));
        assertEquals("*", get("/api/x").getHeader("Access-Control-Allow-Origin"));
        assertEquals("*", site.perform(site.request("DELETE", "/api/x")).getHeader("Access-Control-Allow-Origin"));
    }

    @Test
    void everyAnswerForbidsSniffingAndPagesGetAContentSecurityPolicy() throws Exception {
        MockHttpServletResponse api = site.perform(site.request("GET", "/api/x"));
        assertEquals("nosniff", api.getHeader("X-Content-Type-Options"));
        assertEquals("no-referrer", api.getHeader("Referrer-Policy"));
        assertEquals(null, api.getHeader("Content-Security-Policy"), "JSON needs no page policy");
        MockHttpServletResponse page = site.perform(site.request("POST", "/page/x"));
        assertEquals(405, page.getStatus(), "errors carry them too");
        assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
        String policy = page.getHeader("Content-Security-Policy");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("script-src"), "no script allowed: " + policy);
        assertEquals("DENY", page.getHeader("X-Frame-Options"));
    }

    @Test
    void aPreflightIsAnswered204WithoutTheServlet() throws Exception {
        failWith(new IllegalStateException("the servlet must not run"));
        MockHttpServletRequest request = site.request("OPTIONS", "/api/x");
        request.addHeader("Origin", "https://app.example");
        request.addHeader("Access-Control-Request-Method", "PATCH");
        MockHttpServletResponse r = site.perform(request);
        assertEquals(204, r.getStatus());
        assertEquals(0, r.getContentAsByteArray().length);
        assertEquals("GET, POST, OPTIONS", r.getHeader("Access-Control-Allow-Methods"), "this route's methods only");
        assertEquals("GET, POST, OPTIONS", r.getHeader("Allow"));
        assertEquals("Origin, Content-Type, Authorization", r.getHeader("Access-Control-Allow-Headers"));
        assertEquals("600", r.getHeader("Access-Control-Max-Age"));
        assertEquals("*", r.getHeader("Access-Control-Allow-Origin"));
    }

    /**
     * /users and /users/{id} are two routes of one servlet, as in WebApp's table: a preflight
     * on each lists that route's methods only, and never a method no route serves (PUT).
     */
    @Test
    void aPreflightListsOnlyItsOwnRoutesMethodsWhereOneServletServesTwoRoutes() throws Exception {
        var container = new InProcessContainer();
        var users = new Scripted();
        TestWiring.routes(container)
                .api("users", users, webstack.user.UsersServlet.ON_COLLECTION, "/users")
                .api("user", users, webstack.user.UsersServlet.ON_USER, "/users/{id}");
        site = container;
        for (var expected : Map.of("/users", "GET, HEAD, POST, OPTIONS", "/users/7", "GET, HEAD, PATCH, DELETE, OPTIONS").entrySet()) {
            MockHttpServletResponse r = fromOrigin("OPTIONS", expected.getKey(), "https://app.example");
            assertEquals(204, r.getStatus(), expected.getKey());
            assertEquals(expected.getValue(), r.getHeader("Access-Control-Allow-Methods"), expected.getKey());
            assertEquals(expected.getValue(), r.getHeader("Allow"), expected.getKey());
        }
        MockHttpServletResponse put = site.perform(site.request("PUT", "/users/7"));
        problem(put, 405, "Method PUT not allowed here; allowed: GET, HEAD, PATCH, DELETE, OPTIONS");
    }

    @Test
    void aConfiguredListEchoesOnlyListedOriginsAndVariesByOrigin() throws Exception {
        site = siteWithCors("https://app.example", "https://admin.example");
        for (String origin : new String[] {"https://app.example", "https://admin.example"}) {
            MockHttpServletResponse r = fromOrigin("GET", "/api/x", origin);
            assertEquals(origin, r.getHeader("Access-Control-Allow-Origin"));
            assertEquals("Origin", r.getHeader("Vary"));
        }
        MockHttpServletResponse r = fromOrigin("OPTIONS", "/api/x", "https://evil.example");
        assertNull(r.getHeader("Access-Control-Allow-Origin"));
        assertEquals("Origin", r.getHeader("Vary"), "a cache must not serve one origin's answer to another");
        MockHttpServletResponse noOrigin = get("/api/x");
        assertNull(noOrigin.getHeader("Access-Control-Allow-Origin"));
        assertEquals("Origin", noOrigin.getHeader("Vary"));
    }

    @Test
    void pageRoutesHaveNoCors() throws Exception {
        MockHttpServletResponse r = fromOrigin("GET", "/page/x", "https://anywhere.example");
        assertEquals(200, r.getStatus());
        assertTrue(r.getHeaderNames().stream().noneMatch(h -> h.startsWith("Access-Control-")), r.getHeaderNames().toString());

        MockHttpServletResponse preflight = site.perform(site.request("OPTIONS", "/page/x"));
        page(preflight, 405, "Method OPTIONS not allowed here; allowed: GET, HEAD");
        assertTrue(preflight.getHeaderNames().stream().noneMatch(h -> h.startsWith("Access-Control-")));
    }
}
