package webstack.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static webstack.ws.EchoContract.connect;

import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.OnSharedTomcat;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;

/** The WebSocket echo in the deployed WAR: the contract, what it logs, and the cap on sessions. */
class EchoEndpointIT extends OnSharedTomcat implements EchoContract {

    @Override
    public Site site() {
        return tomcat;
    }

    @Test
    void aDisconnectIsLoggedWithoutTheClientsIdentifier() throws Exception {
        var closed = new CompletableFuture<Integer>();
        WebSocket ws = connect(tomcat, "/ws/client-77", new LinkedBlockingQueue<>(), closed);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, closed.get(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!tomcat.allLogs().contains("WebSocket client disconnected (1000)") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String logs = tomcat.allLogs();
        assertTrue(logs.contains("WebSocket client disconnected (1000)"), "the disconnect is noted");
        assertFalse(logs.contains("client-77"), "no client identifier logged at INFO");
    }

    @Test
    void pastTheCapANewSessionIsClosedWith1013() throws Exception {
        try (var capped = TomcatInstance.start("ws-capped", Map.of("APP_WS_MAX_SESSIONS", "2"))) {
            List<WebSocket> open = new ArrayList<>();
            for (int i = 0; i < 2; i++) open.add(connect(capped, "/ws/" + i, new LinkedBlockingQueue<>(), new CompletableFuture<>()));
            var closed = new CompletableFuture<Integer>();
            connect(capped, "/ws/third", new LinkedBlockingQueue<>(), closed);
            assertEquals(1013, closed.get(10, TimeUnit.SECONDS));
            open.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            var messages = new LinkedBlockingQueue<String>();
            WebSocket again = connect(capped, "/ws/again", messages, new CompletableFuture<>());
            again.sendText("hi", true).get(10, TimeUnit.SECONDS);
            assertEquals("Echo: hi", messages.poll(10, TimeUnit.SECONDS), "a place was freed");
        }
    }
}
