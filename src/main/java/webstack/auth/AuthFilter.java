package webstack.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.OptionalLong;
import java.util.Set;
import webstack.system.HttpError;
import webstack.user.User;
import webstack.user.UserService;

/**
 * Bearer-token authentication for the routes the route table puts behind it. Requests listed
 * as public ("METHOD /path") pass without a token. A valid token names a user who must still
 * exist and be active; the servlet sees that user as {@link HttpServletRequest#getUserPrincipal()},
 * whose name is the user's id.
 */
public final class AuthFilter extends HttpFilter {

    /** The authenticated user, as the servlets see it: its name is the user id. */
    public record UserPrincipal(long id) implements Principal {
        @Override
        public String getName() {
            return Long.toString(id);
        }
    }

    private final TokenService tokens;
    private final UserService users;
    private final Set<String> publicRequests;

    public AuthFilter(TokenService tokens, UserService users, Set<String> publicRequests) {
        this.tokens = tokens;
        this.users = users;
        this.publicRequests = Set.copyOf(publicRequests);
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (publicRequests.contains(req.getMethod() + " " + path)) {
            chain.doFilter(req, resp);
            return;
        }
        var principal = new UserPrincipal(authenticate(req.getHeader("Authorization")).getId());
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getAuthType() {
                return "BEARER";
            }
        }, resp);
    }

    private User authenticate(String header) {
        if (header == null || header.isBlank()) throw HttpError.unauthorized("Authorization header required");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) throw invalid();
        OptionalLong userId = tokens.verify(header.substring(7).strip());
        if (userId.isEmpty()) throw invalid();
        User user = users.findActive(userId.getAsLong());
        if (user == null) throw invalid();
        return user;
    }

    private static HttpError invalid() {
        return HttpError.unauthorized("Invalid token");
    }
}
