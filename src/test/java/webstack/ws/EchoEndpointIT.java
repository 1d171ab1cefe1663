package webstack.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.OnSharedTomcat;
import webstack.testing.TomcatInstance;

/** The WebSocket echo over a real connection from the JDK's WebSocket client. */
class EchoEndpointIT extends OnSharedTomcat {

    @Test
    void echoesEveryTextMessage() throws Exception {
        var messages = new LinkedBlockingQueue<String>();
        var closed = new CompletableFuture<Integer>();
        WebSocket ws = connect("/ws/client-42", messages, closed);
        try {
            for (String text : new String[] {"hello", "Grüße ✓", "", "x".repeat(60_000)}) {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                assertEquals("Echo: " + text, messages.poll(10, TimeUnit.SECONDS));
            }
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
        assertEquals(WebSocket.NORMAL_CLOSURE, closed.get(10, TimeUnit.SECONDS));
        awaitLog("WebSocket client disconnected (1000)");
        assertFalse(tomcat.allLogs().contains("client-42"), "no client identifier logged at INFO");
    }

    @Test
    void aPageOfAnotherOriginIsRefused403() throws Exception {
        var refused = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + tomcat.port() + "/ws/x"), new WebSocket.Listener() { });
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        // The site's own pages may.
        var own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + tomcat.port())
                .buildAsync(URI.create("ws://127.0.0.1:" + tomcat.port() + "/ws/x"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        own.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageOver64KiBClosesWith1009() throws Exception {
        var closed = new CompletableFuture<Integer>();
        WebSocket ws = connect("/ws/big", new LinkedBlockingQueue<>(), closed);
        ws.sendText("y".repeat(64 * 1024 + 1), true).get(10, TimeUnit.SECONDS);
        assertEquals(1009, closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void plainHttpIs426AsAProblem() throws Exception {
        var r = new Api(tomcat).request("GET", "/ws/123", null, null);
        assertEquals(426, r.status(), "not the /{word}/{n} page");
        assertEquals("websocket", r.header("Upgrade"));
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void pastTheCapANewSessionIsClosedWith1013() throws Exception {
        try (var capped = TomcatInstance.start("ws-capped", java.util.Map.of("APP_WS_MAX_SESSIONS", "2"))) {
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

    private static WebSocket connect(String path, LinkedBlockingQueue<String> messages, CompletableFuture<Integer> closed)
            throws Exception {
        return connect(tomcat, path, messages, closed);
    }

    private static WebSocket connect(TomcatInstance tomcat, String path, LinkedBlockingQueue<String> messages,
                                     CompletableFuture<Integer> closed) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + tomcat.port() + path);
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    private static void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (tomcat.allLogs().contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not logged: " + text);
    }
}
