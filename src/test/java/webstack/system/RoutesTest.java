package webstack.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import webstack.testing.Answers;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/** The route table: what each kind of route is, and the registrations it refuses. */
class RoutesTest {

    private static final class Ok extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Responses.plainText(resp, 200, "ok");
        }
    }

    private InProcessContainer site;
    private Routes routes;

    @BeforeEach
    void start() {
        site = new InProcessContainer();
        routes = TestWiring.routes(site);
    }

    @Test
    void eachKindOfRouteIsRecordedWithItsMethodsAndCors() {
        routes.page("home", new Ok(), "/").text("hello", new Ok(), "/{word}/{count}")
                .api("users", new Ok(), Set.of("GET", "POST"), "/users", "/users/{id}");
        assertEquals(new Route("home", Route.Kind.PAGE, Routes.READ, false, List.of("/")), routes.find("home"));
        assertEquals(new Route("hello", Route.Kind.API, Routes.READ, false, List.of("/{word}/{count}")), routes.find("hello"));
        assertEquals(new Route("users", Route.Kind.API, Set.of("GET", "POST"), true, List.of("/users", "/users/{id}")),
                routes.find("users"));
        assertEquals(Route.Kind.PAGE, routes.find("error").kind(), "the error page is a route too");
        assertEquals(Set.of("error", "home", "hello", "users"),
                Set.copyOf(routes.all().stream().map(Route::name).toList()));
        assertNull(routes.find("default"));
        assertNull(routes.find(null));
    }

    @Test
    void allowedAddsOptionsWhereCorsAnswersPreflights() {
        assertEquals(Set.of("GET", "POST", "OPTIONS"), new Route("a", Route.Kind.API, Set.of("GET", "POST"), true, List.of()).allowed());
        assertEquals(Routes.READ, new Route("p", Route.Kind.PAGE, Routes.READ, false, List.of()).allowed());
    }

    @Test
    void methodsAreListedInOneOrder() {
        assertEquals(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
                Routes.ordered(Set.of("OPTIONS", "DELETE", "PATCH", "PUT", "POST", "HEAD", "GET")));
    }

    @Test
    void everyRouteAnswersThroughItsPatterns() throws Exception {
        routes.text("hello", new Ok(), "/{word}/{count}").api("users", new Ok(), Routes.READ, "/users", "/users/{id}");
        for (String path : new String[] {"/users", "/users/7", "/anything/else"}) {
            assertEquals("ok\n", Answers.text(site.perform(site.request("GET", path))), path);
        }
    }

    @Test
    void twoRoutesOfOneNameAreRefused() {
        routes.page("home", new Ok(), "/");
        var e = assertThrows(IllegalArgumentException.class, () -> routes.page("home", new Ok(), "/home"));
        assertTrue(e.getMessage().contains("home"), e.getMessage());
    }

    @Test
    void aPatternTakenByAnotherRouteIsRefused() {
        routes.page("a", new Ok(), "/same");
        var e = assertThrows(IllegalStateException.class, () -> routes.page("b", new Ok(), "/same"));
        assertTrue(e.getMessage().contains("/same"), e.getMessage());
    }

    @Test
    void aFilterForARouteThatDoesNotExistIsRefused() {
        routes.page("home", new Ok(), "/");
        var e = assertThrows(IllegalArgumentException.class,
                () -> routes.filter("auth", (req, resp, chain) -> chain.doFilter(req, resp), "home", "nosuch"));
        assertEquals("no route named nosuch", e.getMessage());
    }

    @Test
    void staticFilesNeedTheContainersDefaultServlet() {
        var e = assertThrows(IllegalStateException.class, () -> routes.staticFiles("/static/{file}"));
        assertTrue(e.getMessage().contains("'default'"), e.getMessage());
    }

    @Test
    void staticFilesAreAPageRouteOfTheDefaultServlet() {
        site.addServlet("default", new Ok()).addMapping("/");
        routes.staticFiles("/static/{file}");
        assertEquals(new Route("default", Route.Kind.PAGE, Routes.READ, false, List.of("/static/{file}")), routes.find("default"));
    }

    @Test
    void templatesMapToServletPatternsAndBack() {
        assertEquals("", Route.pattern("/"));
        assertEquals("/json", Route.pattern("/json"));
        assertEquals("/users/*", Route.pattern("/users/{id}"));
        assertEquals("/raw/*", Route.pattern("/raw/{word}/{count}"));
        assertEquals("/", Route.pattern("/{word}/{count}"));
        assertThrows(IllegalArgumentException.class, () -> Route.pattern("users"));
        assertThrows(IllegalArgumentException.class, () -> Route.pattern("/users/*"));
        var users = new Route("users", Route.Kind.API, Routes.READ, true, List.of("/users", "/users/{id}"));
        assertEquals(List.of("/users", "/users/*"), users.patterns());
        routes.api("users", new Ok(), Routes.READ, "/users", "/users/{id}").text("hello", new Ok(), "/{word}/{count}");
        assertEquals("/users/{id}", routes.template("users", "/users/*"));
        assertEquals("/users", routes.template("users", "/users"));
        assertEquals("/{word}/{count}", routes.template("hello", "/"));
        assertNull(routes.template("users", "/"));
        assertNull(routes.template("default", "/static/*"), "not a route of ours");
    }
}
