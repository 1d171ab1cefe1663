package webstack.docs;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.Responses;

/** {@code GET /openapi.json}: the site's OpenAPI description, read once at start-up. */
public final class OpenApiServlet extends HttpServlet {

    private final byte[] description = ApiDescription.bytes();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // It changes with a deployment: clients may keep it, but ask again each time.
        resp.setHeader("Cache-Control", "no-cache");
        Responses.bytes(resp, HttpServletResponse.SC_OK, "application/json", description);
    }
}
