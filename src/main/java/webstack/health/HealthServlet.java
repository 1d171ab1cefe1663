package webstack.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.db.Database;
import webstack.system.Responses;

/** {@code GET /health}: whether this instance can serve, database included (nginx and deploy scripts ask it). */
public final class HealthServlet extends HttpServlet {

    record Health(String status, String database) {
    }

    private static final Health UP = new Health("healthy", "up");
    private static final Health DOWN = new Health("unhealthy", "down");

    private final Database database;
    private final ObjectWriter writer;

    public HealthServlet(Database database, ObjectMapper json) {
        this.database = database;
        this.writer = json.writerFor(Health.class);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean up = database.isUp();
        resp.setHeader("Cache-Control", "no-store");
        Responses.bytes(resp, up ? 200 : 503, "application/json", writer.writeValueAsBytes(up ? UP : DOWN));
    }
}
