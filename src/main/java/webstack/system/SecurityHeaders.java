package webstack.system;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries, and those of HTML pages: no content sniffing, no referrer
 * leaving the site, and for pages a Content-Security-Policy that allows only the site's own
 * styles and images, no script, no framing.
 */
final class SecurityHeaders {

    /**
     * Inline style attributes are allowed: the results page draws each bar's width from the
     * data (escaped by the template); scripts, objects and frames are not allowed at all.
     */
    static final String PAGE_POLICY = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse resp, Route.Kind kind) {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (kind == Route.Kind.PAGE) {
            resp.setHeader("Content-Security-Policy", PAGE_POLICY);
            resp.setHeader("X-Frame-Options", "DENY");
        }
    }
}
