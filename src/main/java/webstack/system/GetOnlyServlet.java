package webstack.system;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A read-only page: GET and HEAD are served, every other method gets 405 with an
 * {@code Allow} header (HttpServlet's own 405 names no allowed methods).
 */
public abstract class GetOnlyServlet extends HttpServlet {

    private static final String ALLOW = "GET, HEAD";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String method = req.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            super.service(req, resp);
        } else {
            resp.setHeader("Allow", ALLOW);
            Responses.plainText(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "Method " + method + " not allowed; allowed: " + ALLOW);
        }
    }
}
