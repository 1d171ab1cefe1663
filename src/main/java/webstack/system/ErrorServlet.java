package webstack.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page for every error the container itself raises (a static file not found,
 * an exception escaping a servlet): a one-line plain-text reason instead of Tomcat's HTML
 * report, and never a stack trace. Unexpected exceptions are logged here, once.
 */
public final class ErrorServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Reached without an error (someone asked for /error itself): there is no such page.
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error != null) {
            LOG.log(Level.SEVERE, "Unhandled error on " + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), error);
        }
        Responses.plainText(resp, status, status + " " + Problems.title(status));
    }
}
