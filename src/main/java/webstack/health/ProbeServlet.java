package webstack.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import webstack.db.Database;
import webstack.system.Responses;

/**
 * The probes an orchestrator asks: {@code GET /health/live} (the process answers; it never
 * asks the database, so a database outage does not get every instance restarted) and
 * {@code GET /health/ready} (the database answers and its schema is this build's: 503 with
 * the failing check otherwise, so a load balancer sends this instance no traffic).
 */
public final class ProbeServlet extends HttpServlet {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Probe(String status, Map<String, String> checks) {
    }

    private static final Probe LIVE = new Probe("up", Map.of());

    private final Database database;
    private final ObjectWriter writer;

    public ProbeServlet(Database database, ObjectMapper json) {
        this.database = database;
        this.writer = json.writerFor(Probe.class);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if (req.getServletPath().endsWith("/live")) {
            Responses.bytes(resp, 200, "application/json", writer.writeValueAsBytes(LIVE));
            return;
        }
        Database.Readiness readiness = database.readiness();
        Map<String, String> checks = readiness.databaseUp()
                ? Map.of("database", "up", "schema", readiness.schema() == Database.Schema.CURRENT ? "up"
                        : readiness.schema().name().toLowerCase(Locale.ROOT))
                : Map.of("database", "down");
        Probe probe = new Probe(readiness.ready() ? "up" : "down", new java.util.TreeMap<>(checks));
        Responses.bytes(resp, readiness.ready() ? 200 : 503, "application/json", writer.writeValueAsBytes(probe));
    }
}
