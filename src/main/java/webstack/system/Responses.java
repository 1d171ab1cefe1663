package webstack.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writing a complete answer in one go: status, type, Content-Length, bytes. */
public final class Responses {

    private Responses() {
    }

    public static void bytes(HttpServletResponse resp, int status, String contentType, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** A one-line plain-text answer, for the text pages' errors. */
    public static void plainText(HttpServletResponse resp, int status, String line) throws IOException {
        bytes(resp, status, "text/plain;charset=UTF-8", (line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
