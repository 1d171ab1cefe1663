package webstack.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import webstack.system.ApiException;
import webstack.system.AppContext;
import webstack.system.Database;

/**
 * Bearer-token authentication for the paths web.xml maps it to. Requests listed in the
 * {@code public} init-parameter ("METHOD /path", comma-separated) pass without a token.
 * A valid token names a user who must still exist and be active.
 */
public final class AuthFilter extends HttpFilter {

    /** Request attribute holding the authenticated {@link webstack.user.User}. */
    public static final String USER = "webstack.user";

    private AppContext app;
    private Set<String> publicRequests;

    @Override
    public void init() {
        app = AppContext.of(getServletContext());
        String list = getInitParameter("public");
        publicRequests = list == null ? Set.of() : Set.copyOf(List.of(list.strip().split("\\s*,\\s*")));
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (req.getMethod().equals("OPTIONS") || publicRequests.contains(req.getMethod() + " " + path)) {
            chain.doFilter(req, resp);
            return;
        }
        try {
            req.setAttribute(USER, authenticate(req.getHeader("Authorization")));
        } catch (ApiException e) {
            app.problems().write(resp, e);
            return;
        } catch (RuntimeException e) {
            if (!Database.isUnavailable(e)) throw e;
            app.problems().databaseUnavailable(resp);
            return;
        }
        chain.doFilter(req, resp);
    }

    private webstack.user.User authenticate(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiException.Unauthorized("Authorization header required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) throw invalid();
        OptionalLong userId = app.tokens().verify(header.substring(7).strip());
        if (userId.isEmpty()) throw invalid();
        var user = app.users().findActive(userId.getAsLong());
        if (user == null) throw invalid();
        return user;
    }

    private static ApiException invalid() {
        return new ApiException.Unauthorized("Invalid token");
    }
}
