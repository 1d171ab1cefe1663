package webstack.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import webstack.system.HttpError;
import webstack.user.Caller;

/**
 * Bearer-token authentication for the routes the route table puts behind it. Requests listed
 * as public ("METHOD /path") pass without a token. A token whose signature, algorithm, issuer
 * and expiry hold makes the request its {@link Caller}: the servlet sees it as
 * {@link HttpServletRequest#getUserPrincipal()}, whose name is the user's id. Whether that
 * user still exists, is active and has the token's version is database work, done by the
 * user operations themselves in the session they open anyway (see {@link Caller}), so a read
 * costs one statement, not two.
 */
public final class AuthFilter extends HttpFilter {

    private final TokenService tokens;
    private final Set<String> publicRequests;

    public AuthFilter(TokenService tokens, Set<String> publicRequests) {
        this.tokens = tokens;
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
        Caller caller = caller(req.getHeader("Authorization"));
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public String getAuthType() {
                return "BEARER";
            }
        }, resp);
    }

    private Caller caller(String header) {
        if (header == null || header.isBlank()) throw HttpError.unauthorized("Authorization header required");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) throw invalid();
        TokenService.Claims claims = tokens.verify(header.substring(7).strip()).orElseThrow(AuthFilter::invalid);
        return new Caller(claims.userId(), claims.tokenVersion());
    }

    private static HttpError invalid() {
        return HttpError.unauthorized("Invalid token");
    }
}
