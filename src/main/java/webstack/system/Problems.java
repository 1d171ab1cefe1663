package webstack.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}), with the extension
 * member {@code requestId}: the id the response's {@code X-Request-Id} header carries
 * ({@link RequestIds}), so a client can quote it from the body it kept.
 */
public final class Problems {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, List<HttpError.FieldError> errors,
                   String requestId) {
    }

    private final ObjectWriter writer;

    public Problems(ObjectMapper json) {
        this.writer = json.writerFor(Problem.class);
    }

    public void write(HttpServletResponse resp, HttpError error) throws IOException {
        int status = error.status();
        Responses.bytes(resp, status, "application/problem+json",
                writer.writeValueAsBytes(new Problem("about:blank", title(status), status, error.getMessage(), error.errors(),
                        resp.getHeader(RequestIds.HEADER))));
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
