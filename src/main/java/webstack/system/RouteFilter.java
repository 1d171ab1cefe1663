package webstack.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * The first filter of every route: answers CORS on API routes, refuses methods the route
 * does not take (405 with {@code Allow}), reads request bodies without holding a thread
 * ({@link BodyBuffering}), and turns whatever the rest of the chain throws into the route's
 * kind of error answer, through {@link Errors}.
 */
final class RouteFilter extends HttpFilter {

    private final Routes routes;
    private final Errors errors;
    private final CorsPolicy cors;
    private final BodyBuffering bodies;

    RouteFilter(Routes routes, Errors errors, CorsPolicy cors, Duration bodyTimeout, int maxPendingBodies) {
        this.routes = routes;
        this.errors = errors;
        this.cors = cors;
        this.bodies = new BodyBuffering(bodyTimeout, maxPendingBodies, errors);
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        Route route = routes.find(req.getHttpServletMapping().getServletName());
        if (route == null) {
            chain.doFilter(req, resp);
            return;
        }
        SecurityHeaders.apply(resp, route.kind());
        try {
            String method = req.getMethod();
            if (route.cors()) {
                cors.allowOrigin(req, resp);
                if (method.equals("OPTIONS")) {
                    cors.preflight(resp, route.allowed());
                    return;
                }
            }
            if (!route.methods().contains(method)) throw HttpError.methodNotAllowed(method, route.allowed());
            if (BodyBuffering.wanted(req)) {
                bodies.start(req, resp, route.kind());
                return;
            }
            chain.doFilter(BodyBuffering.withBody(req), resp);
        } catch (RuntimeException | ServletException e) {
            errors.write(req, resp, route.kind(), e);
        }
    }
}
