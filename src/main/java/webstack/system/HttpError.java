package webstack.system;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An error answered on purpose: a status, a detail written for the client (never internals),
 * the fields that failed validation and any headers the status needs. {@link Errors} writes
 * it as a problem or as an HTML error page, by the kind of route that raised it.
 */
public class HttpError extends RuntimeException {

    public record FieldError(String field, String message) {
    }

    private final int status;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public HttpError(int status, String detail) {
        this(status, detail, List.of(), Map.of());
    }

    public HttpError(int status, String detail, List<FieldError> errors) {
        this(status, detail, errors, Map.of());
    }

    public HttpError(int status, String detail, List<FieldError> errors, Map<String, String> headers) {
        // No stack trace: these are answers, not bugs, and clients can cause many of them.
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static HttpError badRequest(String detail) {
        return new HttpError(400, detail);
    }

    /** 401 with {@code WWW-Authenticate: Bearer}. */
    public static HttpError unauthorized(String detail) {
        return new HttpError(401, detail, List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static HttpError notFound(String detail) {
        return new HttpError(404, detail);
    }

    /** 405 naming the methods that are allowed, in {@code Allow} too. */
    public static HttpError methodNotAllowed(String method, Set<String> allowed) {
        String allow = String.join(", ", Routes.ordered(allowed));
        return new HttpError(405, "Method " + method + " not allowed here; allowed: " + allow, List.of(),
                Map.of("Allow", allow));
    }

    /** 503 with {@code Retry-After: 1}: a bound of the instance is full, try again in a second. */
    public static HttpError busy(String detail) {
        return new HttpError(503, detail, List.of(), Map.of("Retry-After", "1"));
    }

    public static HttpError unsupportedMediaType(String expected) {
        return new HttpError(415, "Content-Type must be " + expected);
    }

    /** 422 naming every field that failed. */
    public static HttpError invalid(List<FieldError> errors) {
        return new HttpError(422, "Invalid request: " + errors.size() + " field(s) failed validation", errors);
    }
}
