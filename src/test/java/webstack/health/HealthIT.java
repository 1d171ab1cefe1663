package webstack.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.OnSharedTomcat;
import webstack.testing.Site;

/** {@code /health} in the deployed WAR, and the Java service's probes for orchestrators. */
class HealthIT extends OnSharedTomcat implements HealthContract {

    @Override
    public Site site() {
        return tomcat;
    }

    @Test
    void liveAndReadyProbesAnswerWhileTheDatabaseIsUp() throws Exception {
        var api = new Api(tomcat);
        var live = api.request("GET", "/health/live", null, null);
        assertEquals(200, live.status());
        assertEquals("{\"status\":\"up\"}", live.body());
        var ready = api.request("GET", "/health/ready", null, null);
        assertEquals(200, ready.status());
        assertEquals("{\"status\":\"up\",\"checks\":{\"database\":\"up\",\"schema\":\"up\"}}", ready.body());
        assertEquals(405, api.request("POST", "/health/ready", null, null).status());
    }
}
