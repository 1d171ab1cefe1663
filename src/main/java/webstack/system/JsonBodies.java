package webstack.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** JSON request bodies read and validated, JSON answers written: the API servlets' I/O. */
public final class JsonBodies {

    /** Field names in errors as the JSON spells them ({@code isActive} is {@code is_active}). */
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']{0,100})'");

    private final ObjectMapper json;
    private final Validator validator;

    public JsonBodies(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Reads a JSON object body into {@code type} and validates it: 415, 400, 413 or 422 when it is not right. */
    public <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        RequestBodies.requireMediaType(req, "application/json");
        byte[] body = RequestBodies.read(req);
        if (body.length == 0) throw HttpError.badRequest("Request body required");
        T value;
        try {
            value = json.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw HttpError.badRequest(field == null
                    ? "Request body must be a JSON object"
                    : "Wrong type for field '" + field + "'");
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest(malformed(e));
        }
        if (value == null) throw HttpError.badRequest("Request body must be a JSON object");
        validate(value);
        return value;
    }

    /**
     * Where the body stopped being JSON, never the parser's own words (they name Java classes
     * and limits). A key given twice is refused too: which of the two values counts is not
     * something clients should have to guess.
     */
    private static String malformed(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        var where = e.getLocation();
        String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        var duplicate = DUPLICATE.matcher(message);
        if (duplicate.lookingAt()) return "Duplicate field '" + duplicate.group(1) + "'" + at;
        if (message.contains("exceeds the maximum") || message.contains("StreamReadConstraints")) {
            return "JSON nested or sized beyond the limits" + at;
        }
        return "Malformed JSON" + at;
    }

    /** Every constraint violation at once, as a 422 naming each field. */
    public <T> void validate(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) return;
        List<HttpError.FieldError> errors = violations.stream()
                .map(v -> new HttpError.FieldError(SNAKE_CASE.translate(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(HttpError.FieldError::field).thenComparing(HttpError.FieldError::message))
                .toList();
        throw HttpError.invalid(errors);
    }

    public void write(HttpServletResponse resp, int status, Object body) throws IOException {
        Responses.bytes(resp, status, "application/json", json.writeValueAsBytes(body));
    }
}
