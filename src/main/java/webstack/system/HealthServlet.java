package webstack.system;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /health}: whether this instance can serve, database included. */
public final class HealthServlet extends GetOnlyServlet {

    record Health(String status, String database) {
    }

    private static final Health UP = new Health("healthy", "up");
    private static final Health DOWN = new Health("unhealthy", "down");

    private AppContext app;
    private ObjectWriter writer;

    @Override
    public void init() throws ServletException {
        app = AppContext.of(getServletContext());
        writer = app.json().writerFor(Health.class);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean up = app.users().databaseUp();
        resp.setHeader("Cache-Control", "no-store");
        Responses.bytes(resp, up ? 200 : 503, "application/json", writer.writeValueAsBytes(up ? UP : DOWN));
    }
}
