package webstack.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Base of the JSON API servlets: reads and validates JSON bodies, writes JSON answers, and
 * turns every failure into an RFC 9457 problem — an {@link ApiException} as it says, an
 * unreachable database as 503, anything else as a logged 500 without internals.
 */
public abstract class ApiServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ApiServlet.class.getName());
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Field names in errors as the JSON spells them ({@code isActive} is {@code is_active}). */
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    protected AppContext app;

    @Override
    public void init() throws ServletException {
        app = AppContext.of(getServletContext());
    }

    /** The methods this servlet answers, for 405's {@code Allow}. */
    protected abstract Set<String> allowedMethods();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            if (!allowedMethods().contains(req.getMethod())) {
                resp.setHeader("Allow", String.join(", ", allowedMethods()));
                throw new ApiException(405, "Method " + req.getMethod() + " not allowed here");
            }
            super.service(req, resp);
        } catch (ApiException e) {
            app.problems().write(resp, e);
        } catch (RuntimeException | ServletException e) {
            if (Database.isUnavailable(e)) {
                LOG.warning(() -> "Database unavailable: " + req.getMethod() + " " + req.getRequestURI()
                        + ": " + rootMessage(e));
                app.problems().databaseUnavailable(resp);
            } else {
                LOG.log(Level.SEVERE, "Unexpected error on " + req.getMethod() + " " + req.getRequestURI(), e);
                app.problems().write(resp, 500, "Internal error", List.of());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Reads a JSON object body into {@code type} and validates it. */
    protected <T> T readJson(HttpServletRequest req, Class<T> type) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null || !mediaType(contentType).equals("application/json")) {
            throw new ApiException(415, "Content-Type must be application/json");
        }
        byte[] body = readBody(req);
        if (body.length == 0) throw ApiException.badRequest("Request body required");
        ObjectMapper json = app.json();
        T value;
        try {
            value = json.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw ApiException.badRequest(field == null
                    ? "Request body must be a JSON object"
                    : "Wrong type for field '" + field + "'");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
        if (value == null) throw ApiException.badRequest("Request body must be a JSON object");
        validate(value);
        return value;
    }

    /** The body, at most {@link #MAX_BODY_BYTES}; more is 413. */
    protected static byte[] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    protected static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Every constraint violation at once, as a 422 naming each field. */
    protected <T> void validate(T value) {
        Set<ConstraintViolation<T>> violations = app.validator().validate(value);
        if (violations.isEmpty()) return;
        List<ApiException.FieldError> errors = violations.stream()
                .map(v -> new ApiException.FieldError(SNAKE_CASE.translate(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field).thenComparing(ApiException.FieldError::message))
                .toList();
        throw new ApiException(422, "Invalid request: " + errors.size() + " field(s) failed validation", errors);
    }

    protected void writeJson(HttpServletResponse resp, int status, Object body) throws IOException {
        Responses.bytes(resp, status, "application/json", app.json().writeValueAsBytes(body));
    }
}
