package webstack.user;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import webstack.system.HttpError;

/**
 * Who makes a request: the authenticated user (the request's principal, named by its id) and
 * whether it holds the admin role. A user manages its own account; an admin manages every one.
 */
public record Caller(long id, boolean admin) {

    public static final String ADMIN_ROLE = "admin";

    /** The caller of a request that passed the bearer-token filter. */
    static Caller of(HttpServletRequest req) {
        Principal principal = req.getUserPrincipal();
        if (principal == null) throw HttpError.unauthorized("Authorization header required");
        return new Caller(Long.parseLong(principal.getName()), req.isUserInRole(ADMIN_ROLE));
    }

    boolean mayManage(long userId) {
        return admin || id == userId;
    }
}
