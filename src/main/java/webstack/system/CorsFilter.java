package webstack.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * CORS for the API paths, as the article's middleware: allowed origins from configuration
 * ({@code *} by default, never with credentials); every OPTIONS is answered 204 here.
 */
public final class CorsFilter extends HttpFilter {

    static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String HEADERS = "Origin, Content-Type, Authorization";

    private List<String> origins;
    private boolean anyOrigin;

    @Override
    public void init() {
        origins = AppContext.of(getServletContext()).config().corsOrigins;
        anyOrigin = origins.contains("*");
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String origin = req.getHeader("Origin");
        if (anyOrigin) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
        } else {
            resp.addHeader("Vary", "Origin");
            if (origin != null && origins.contains(origin)) resp.setHeader("Access-Control-Allow-Origin", origin);
        }
        if (req.getMethod().equals("OPTIONS")) {
            resp.setHeader("Access-Control-Allow-Methods", METHODS);
            resp.setHeader("Access-Control-Allow-Headers", HEADERS);
            resp.setHeader("Access-Control-Max-Age", "600");
            resp.setHeader("Allow", METHODS);
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(req, resp);
    }
}
