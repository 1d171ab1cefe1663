package webstack.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static webstack.testing.Answers.problem;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/** The echo endpoint's answer, and the 426 a plain HTTP request to /ws gets. */
class EchoEndpointTest {

    @Test
    void echoesEveryMessageWithItsPrefix() {
        var endpoint = new EchoEndpoint();
        assertEquals("Echo: x", endpoint.echo("x"));
        assertEquals("Echo: ", endpoint.echo(""));
        assertEquals("Echo: Grüße\n", endpoint.echo("Grüße\n"));
    }

    @Test
    void aPlainHttpRequestIsTold426ToUpgrade() throws Exception {
        var site = new InProcessContainer();
        TestWiring.routes(site).text("ws-upgrade-required", new UpgradeRequiredServlet(), "/ws/*");
        MockHttpServletResponse r = site.perform(site.request("GET", "/ws/client-1"));
        problem(r, 426, "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}");
        assertEquals("websocket", r.getHeader("Upgrade"));
        assertEquals("Upgrade", r.getHeader("Connection"));
    }
}
