package webstack.metrics;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import webstack.system.IpLiteral;
import webstack.system.Responses;

/**
 * {@code GET /metrics}: the instance's meters in Prometheus's text format, for the callers
 * whose address is on the allow list (loopback by default; app.metrics.allow). Any other caller
 * gets exactly what a path no route takes gets, from the servlet that answers those, so
 * nobody outside learns that /metrics exists.
 */
public final class MetricsServlet extends HttpServlet {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;
    private final Set<InetAddress> allowed;
    private final HttpServlet unknownPaths;

    /** @param unknownPaths the servlet that answers paths no route takes (the site's 404) */
    public MetricsServlet(Metrics metrics, List<InetAddress> allowed, HttpServlet unknownPaths) {
        this.metrics = metrics;
        this.allowed = Set.copyOf(allowed);
        this.unknownPaths = unknownPaths;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        if (!allows(req.getRemoteAddr())) {
            unknownPaths.service(req, resp);
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        Responses.bytes(resp, HttpServletResponse.SC_OK, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the caller at {@code address} (a literal, as the container gives it) may read the metrics. */
    boolean allows(String address) {
        InetAddress caller = IpLiteral.parse(address);
        return caller != null && allowed.contains(caller);
    }
}
