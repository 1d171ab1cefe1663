package webstack.system;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /health}: whether this instance can serve. */
public final class HealthServlet extends GetOnlyServlet {

    record Health(String status) {
    }

    private ObjectWriter writer;

    @Override
    public void init() throws ServletException {
        writer = AppContext.of(getServletContext()).json().writerFor(Health.class);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        byte[] body = writer.writeValueAsBytes(new Health("healthy"));
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
