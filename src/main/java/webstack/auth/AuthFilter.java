package webstack.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import webstack.system.HttpError;
import webstack.user.Caller;
import webstack.user.User;
import webstack.user.UserService;

/**
 * Bearer-token authentication for the routes the route table puts behind it. Requests listed
 * as public ("METHOD /path") pass without a token. A valid token names a user who must still
 * exist, be active and have the token version the token carries; the servlet sees that user
 * as {@link HttpServletRequest#getUserPrincipal()}, whose name is the user's id, and an admin
 * in the role {@value Caller#ADMIN_ROLE}.
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
        User user = authenticate(req.getHeader("Authorization"));
        var principal = new UserPrincipal(user.getId());
        boolean admin = user.isAdmin();
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return admin && Caller.ADMIN_ROLE.equals(role);
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
        Optional<TokenService.Claims> claims = tokens.verify(header.substring(7).strip());
        if (claims.isEmpty()) throw invalid();
        User user = users.findActive(claims.get().userId());
        // A password change or deactivation since the token was issued ends it.
        if (user == null || user.getTokenVersion() != claims.get().tokenVersion()) throw invalid();
        return user;
    }

    private static HttpError invalid() {
        return HttpError.unauthorized("Invalid token");
    }
}
