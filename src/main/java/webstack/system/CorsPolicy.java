package webstack.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * CORS for the API routes, as the article's middleware: allowed origins from configuration
 * ({@code *} by default, never with credentials); every OPTIONS is a preflight answered 204,
 * advertising the methods of that route only.
 */
public final class CorsPolicy {

    static final String HEADERS = "Origin, Content-Type, Authorization";

    private final List<String> origins;
    private final boolean anyOrigin;

    public CorsPolicy(List<String> origins) {
        this.origins = List.copyOf(origins);
        this.anyOrigin = origins.contains("*");
    }

    /** Sets {@code Access-Control-Allow-Origin} when the request's origin is allowed. */
    void allowOrigin(HttpServletRequest req, HttpServletResponse resp) {
        if (anyOrigin) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
            return;
        }
        resp.addHeader("Vary", "Origin");
        String origin = req.getHeader("Origin");
        if (origin != null && origins.contains(origin)) resp.setHeader("Access-Control-Allow-Origin", origin);
    }

    void preflight(HttpServletResponse resp, java.util.Set<String> methods) {
        String allowed = String.join(", ", Routes.ordered(methods));
        resp.setHeader("Access-Control-Allow-Methods", allowed);
        resp.setHeader("Access-Control-Allow-Headers", HEADERS);
        resp.setHeader("Access-Control-Max-Age", "600");
        resp.setHeader("Allow", allowed);
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
