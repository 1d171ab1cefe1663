package webstack.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page (web.xml's {@code <error-page>}) for errors the container raises itself: a
 * static file not found, a request it refused. Answered like the route the request was for:
 * a problem for API routes, an HTML page otherwise. Never Tomcat's report, never a stack trace.
 */
final class ErrorServlet extends HttpServlet {

    static final String PATH = "/error";

    private final Routes routes;
    private final Errors errors;

    ErrorServlet(Routes routes, Errors errors) {
        this.routes = routes;
        this.errors = errors;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Route route = routes.find((String) req.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME));
        Route.Kind kind = route == null ? Route.Kind.PAGE : route.kind();
        SecurityHeaders.apply(resp, kind);
        Throwable exception = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception != null) {
            errors.write(req, resp, kind, exception);
            return;
        }
        // Reached without an error (someone asked for /error itself): there is no such page.
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        errors.write(resp, kind, new HttpError(status, Problems.title(status)));
    }
}
