package webstack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import webstack.hello.HelloPage;
import webstack.hello.HelloPath;
import webstack.hello.HelloServlet;
import webstack.system.HttpError;
import webstack.system.Responses;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/**
 * http.server.requests through a real route table: requests are named by their route's
 * template, never their path, so the series stay as few as the routes; each request is
 * counted once, when its answer is complete.
 */
class HttpMetricsFilterTest {

    /** GET /users/{id}: 200 for ids up to 100, 404 beyond; anything else fails. */
    private static final class Users extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String id = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            if (id.equals("boom")) throw new IllegalStateException("a bug");
            if (!id.isEmpty() && Long.parseLong(id) > 100) throw HttpError.notFound("User not found");
            Responses.plainText(resp, 200, "user " + id);
        }
    }

    /** Answers later: starts async and leaves the answer to the test. */
    private static final class Later extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            req.startAsync();
            resp.setStatus(201);
        }
    }

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private InProcessContainer site;

    @BeforeEach
    void start() throws IOException {
        site = new InProcessContainer();
        var routes = TestWiring.routes(site)
                .api("users", new Users(), Set.of("GET"), "/users", "/users/{id}")
                .text("later", new Later(), "/later")
                .text("hello", new HelloServlet(new HelloPath(100, 64, 1 << 16), new HelloPage(TestWiring.templates())),
                        "/{word}/{count}");
        HttpMetricsFilter.register(site, routes, registry);
    }

    private int get(String path) throws Exception {
        return site.perform(site.request("GET", path)).getStatus();
    }

    /** Each series of http.server.requests, by "uri method status outcome", with its count. */
    private Map<String, Long> series() {
        var all = new TreeMap<String, Long>();
        for (Timer timer : registry.find(HttpMetricsFilter.NAME).timers()) {
            var id = timer.getId();
            all.put(id.getTag("uri") + " " + id.getTag("method") + " " + id.getTag("status") + " " + id.getTag("outcome"),
                    timer.count());
        }
        return all;
    }

    @Test
    void requestsAreNamedByTheirTemplateNeverTheirPath() throws Exception {
        assertEquals(200, get("/users/1"));
        assertEquals(200, get("/users/2"));
        assertEquals(200, get("/users/3"));
        assertEquals(200, get("/users"));
        assertEquals(200, get("/hello/2"));
        assertEquals(Map.of("/users/{id} GET 200 SUCCESS", 3L, "/users GET 200 SUCCESS", 1L,
                "/{word}/{count} GET 200 SUCCESS", 1L), series());
    }

    @Test
    void pathsNoRouteKnowsShareOneSeries() throws Exception {
        for (String path : List.of("/wp-login.php", "/a/b/c", "/.env", "/x9f3", "/hello/many")) {
            assertEquals(404, get(path), path);
        }
        // The catch-all's other refusals are its own: the path was one of its pages.
        assertEquals(400, get("/hello/1000"));
        assertEquals(Map.of("NOT_FOUND GET 404 CLIENT_ERROR", 5L, "/{word}/{count} GET 400 CLIENT_ERROR", 1L), series());
    }

    @Test
    void statusesAreTaggedAsAnswered() throws Exception {
        assertEquals(404, get("/users/101"));
        assertEquals(500, get("/users/boom"));
        assertEquals(405, site.perform(site.request("DELETE", "/users/1")).getStatus());
        assertEquals(405, site.perform(site.request("BREW", "/users/1")).getStatus());
        assertEquals(Map.of(
                "/users/{id} GET 404 CLIENT_ERROR", 1L,
                "/users/{id} GET 500 SERVER_ERROR", 1L,
                "/users/{id} DELETE 405 CLIENT_ERROR", 1L,
                "/users/{id} OTHER 405 CLIENT_ERROR", 1L), series());
    }

    @Test
    void aServletThatIsNoRouteIsUnmatched() throws Exception {
        site.addServlet("container's", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Responses.plainText(resp, 200, "not ours");
            }
        }).addMapping("/manager/status");
        assertEquals(200, get("/manager/status"));
        assertEquals(Map.of("UNMATCHED GET 200 SUCCESS", 1L), series());
    }

    @Test
    void anAsynchronousRequestIsTimedToItsAnswerAndCountedOnce() throws Exception {
        MockHttpServletRequest request = site.request("GET", "/later");
        request.setAsyncSupported(true);
        site.perform(request);
        assertEquals(Map.of(), series(), "not answered yet");

        clock.add(Duration.ofSeconds(2));
        request.getAsyncContext().complete();
        assertEquals(Map.of("/later GET 201 SUCCESS", 1L), series());
        Timer later = registry.find(HttpMetricsFilter.NAME).tag("uri", "/later").timer();
        assertEquals(2.0, later.totalTime(TimeUnit.SECONDS), 0.001);
    }

    @Test
    void anExceptionThatEscapesIsCountedAsA500() {
        site.addServlet("broken", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
                throw new ServletException("escapes: no route filter in front");
            }
        }).addMapping("/broken");
        try {
            get("/broken");
        } catch (Exception expected) {
            assertEquals("escapes: no route filter in front", expected.getMessage());
        }
        assertEquals(Map.of("UNMATCHED GET 500 SERVER_ERROR", 1L), series());
        assertNull(registry.find(HttpMetricsFilter.NAME).tag("uri", "/broken").timer());
    }
}
