package webstack.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.testing.Answers.problem;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import webstack.testing.InProcessContainer;
import webstack.testing.TestWiring;

/** The echo endpoint's answer, and the 426 a plain HTTP request to /ws gets. */
class EchoEndpointTest {

    @Test
    void echoesEveryMessageWithItsPrefix() {
        assertEquals("Echo: x", EchoEndpoint.echo("x"));
        assertEquals("Echo: ", EchoEndpoint.echo(""));
        assertEquals("Echo: Grüße\n", EchoEndpoint.echo("Grüße\n"));
    }

    @Test
    void sessionsAreCappedAndTheirPlacesReturned() {
        var limits = new EchoLimits(1024, java.time.Duration.ofSeconds(1), 2);
        assertTrue(limits.admit());
        assertTrue(limits.admit());
        assertFalse(limits.admit(), "the third is refused");
        assertEquals(2, limits.open());
        limits.release();
        assertTrue(limits.admit());
    }

    @Test
    void onlyTheSitesOwnPagesByDefault() {
        var sameOnly = new WebSocketOrigins(java.util.List.of(), new EchoLimits(1, java.time.Duration.ofSeconds(1), 1));
        assertTrue(sameOnly.checkOrigin(null), "not a browser");
        assertTrue(WebSocketOrigins.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(WebSocketOrigins.sameOrigin("https://example.com", "example.com"));
        assertTrue(WebSocketOrigins.sameOrigin("https://Example.com:443", "example.com:443"));
        assertFalse(WebSocketOrigins.sameOrigin("http://evil.example", "example.com"));
        assertFalse(WebSocketOrigins.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assertFalse(WebSocketOrigins.sameOrigin("null", "example.com"));
        assertFalse(WebSocketOrigins.sameOrigin("http://example.com", null));
        var listed = new WebSocketOrigins(java.util.List.of("https://app.example"), new EchoLimits(1, java.time.Duration.ofSeconds(1), 1));
        assertTrue(listed.checkOrigin("https://app.example"));
        assertFalse(listed.checkOrigin("https://evil.example"));
        assertTrue(new WebSocketOrigins(java.util.List.of("*"), null).checkOrigin("https://anything.example"));
    }

    @Test
    void aPlainHttpRequestIsTold426ToUpgrade() throws Exception {
        var site = new InProcessContainer();
        TestWiring.routes(site).text("ws-upgrade-required", new UpgradeRequiredServlet(), "/ws/{client_id}");
        MockHttpServletResponse r = site.perform(site.request("GET", "/ws/client-1"));
        problem(r, 426, "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}");
        assertEquals("websocket", r.getHeader("Upgrade"));
        assertEquals("Upgrade", r.getHeader("Connection"));
    }
}
