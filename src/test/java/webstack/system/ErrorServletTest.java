package webstack.system;

import static webstack.testing.Answers.page;
import static webstack.testing.Answers.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/**
 * The error page for errors the container raises itself, answered like the route the request
 * was for. The container's error dispatch is played by setting its request attributes.
 */
class ErrorServletTest {

    private InProcessContainer site;
    private ErrorServlet errorPage;

    @BeforeEach
    void start() {
        site = new InProcessContainer();
        Routes routes = TestWiring.routes(site)
                .api("users", new HttpServlet() { }, Set.of("GET"), "/users")
                .page("home", new HttpServlet() { }, "/");
        errorPage = new ErrorServlet(routes, TestWiring.errors());
    }

    /** The error dispatch for a failure on {@code servlet}: a status, or an exception. */
    private MockHttpServletResponse dispatch(String servlet, Integer status, Throwable exception) throws Exception {
        MockHttpServletRequest request = site.request("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, servlet);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, exception);
        var response = new MockHttpServletResponse();
        errorPage.service(request, response);
        return response;
    }

    @Test
    void aStatusOnAnApiRouteIsAProblem() throws Exception {
        problem(dispatch("users", 404, null), 404, "Not Found");
        problem(dispatch("users", 400, null), 400, "Bad Request");
    }

    @Test
    void anExceptionOnAnApiRouteIsAProblemWithoutInternals() throws Exception {
        problem(dispatch("users", 500, new IllegalStateException("internals")), 500, "Internal error");
        problem(dispatch("users", 500, new SQLTransientConnectionException("pool")), 503, "Database unavailable, try again shortly");
    }

    @Test
    void onAPageRouteItIsAnHtmlPage() throws Exception {
        page(dispatch("home", 404, null), 404, "Not Found");
        page(dispatch("home", 500, new IllegalStateException("internals")), 500, "Internal error");
    }

    @Test
    void aServletThatIsNotARouteGetsAnHtmlPage() throws Exception {
        page(dispatch("default", 404, null), 404, "Not Found");
        page(dispatch(null, 400, null), 400, "Bad Request");
    }

    @Test
    void askingForTheErrorPageItselfFindsNoPage() throws Exception {
        page(site.perform(site.request("GET", "/error")), 404, "Not Found");
        page(site.perform(site.request("POST", "/error")), 405, "Method POST not allowed here; allowed: GET, HEAD");
    }
}
