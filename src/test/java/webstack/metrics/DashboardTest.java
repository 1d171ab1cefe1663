package webstack.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/webstack.json is a dashboard Grafana can import: valid JSON, every panel a
 * query on the Prometheus data source. (MetricsIT checks that every metric it names is exported.)
 */
class DashboardTest {

    @Test
    void everyPanelQueriesPrometheus() {
        JsonNode dashboard = Dashboard.json();
        assertEquals("webstack", dashboard.path("uid").asText());
        var ids = new HashSet<Integer>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "two panels with id " + panel.path("id"));
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), title);
            assertFalse(panel.path("targets").isEmpty(), title);
            for (JsonNode target : panel.path("targets")) assertFalse(target.path("expr").asText().isBlank(), title);
        }
        assertTrue(ids.size() >= 9, "panels: " + ids.size());
    }

    @Test
    void theQueriesNameRequestsByRouteNeverByPath() {
        assertTrue(Dashboard.metricNames().contains("http_server_requests_seconds_bucket"));
        for (String query : Dashboard.queries()) {
            assertFalse(query.contains("path") || query.contains("url"), query);
        }
    }
}
