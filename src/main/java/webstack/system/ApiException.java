package webstack.system;

import java.util.List;

/**
 * An error the API answers on purpose, turned into an RFC 9457 problem by {@link ApiServlet}
 * and {@link Problems}. The detail is written for the client; it never carries internals.
 */
public class ApiException extends RuntimeException {

    public record FieldError(String field, String message) {
    }

    private final int status;
    private final List<FieldError> errors;

    public ApiException(int status, String detail) {
        this(status, detail, List.of());
    }

    public ApiException(int status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, detail);
    }

    /** 401 with {@code WWW-Authenticate: Bearer}. */
    public static final class Unauthorized extends ApiException {
        public Unauthorized(String detail) {
            super(401, detail);
        }
    }
}
