package webstack.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** Writes RFC 9457 problem details ({@code application/problem+json}). */
public final class Problems {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, List<ApiException.FieldError> errors) {
    }

    private final ObjectWriter writer;

    public Problems(com.fasterxml.jackson.databind.ObjectMapper json) {
        this.writer = json.writerFor(Problem.class);
    }

    /** The answer when the database cannot be reached. */
    public void databaseUnavailable(HttpServletResponse resp) throws IOException {
        write(resp, 503, "Database unavailable, try again shortly", List.of());
    }

    public void write(HttpServletResponse resp, ApiException e) throws IOException {
        write(resp, e.status(), e.getMessage(), e.errors());
    }

    public void write(HttpServletResponse resp, int status, String detail, List<ApiException.FieldError> errors)
            throws IOException {
        if (resp.isCommitted()) return;
        resp.resetBuffer();
        if (status == 401) resp.setHeader("WWW-Authenticate", "Bearer");
        Responses.bytes(resp, status, "application/problem+json",
                writer.writeValueAsBytes(new Problem("about:blank", title(status), status, detail, errors)));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
