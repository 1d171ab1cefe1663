package webstack.user;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import webstack.system.HttpError;

/**
 * Who a request's bearer token says makes it: the user's id and the token version the token
 * was issued with. The request's principal once the token's signature and expiry passed the
 * bearer-token filter. It is a claim, not yet a user: every {@link UserService} operation that
 * takes a caller first confirms, in its own database session and with the same statement where
 * it can, that the user still exists, is active and has this token version (so a deactivation
 * or a password change ends the token on the very next request, on every instance), and only
 * then uses the user's admin flag.
 */
public record Caller(long id, int tokenVersion) implements Principal {

    /** The caller of a request that passed the bearer-token filter. */
    static Caller of(HttpServletRequest req) {
        if (req.getUserPrincipal() instanceof Caller caller) return caller;
        throw HttpError.unauthorized("Authorization header required");
    }

    @Override
    public String getName() {
        return Long.toString(id);
    }

    /** The user behind this caller when the token still holds for it, else a 401. */
    User confirmedBy(User user) {
        if (user == null || user.getId() != id || !user.isActive() || user.getTokenVersion() != tokenVersion) {
            throw HttpError.unauthorized("Invalid token");
        }
        return user;
    }

    /** A user manages its own account; an admin manages every one. */
    static boolean mayManage(User confirmed, long userId) {
        return confirmed.isAdmin() || confirmed.getId() == userId;
    }
}
