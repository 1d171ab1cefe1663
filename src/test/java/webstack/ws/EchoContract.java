package webstack.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import webstack.testing.Api;
import webstack.testing.Site;

/** The WebSocket echo over a real connection from the JDK's WebSocket client, as every implementation answers it. */
public interface EchoContract {

    Site site();

    @Test
    default void echoesEveryTextMessage() throws Exception {
        var messages = new LinkedBlockingQueue<String>();
        var closed = new CompletableFuture<Integer>();
        WebSocket ws = connect(site(), "/ws/client-42", messages, closed);
        try {
            for (String text : new String[] {"hello", "Grüße ✓", "", "x".repeat(60_000)}) {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                assertEquals("Echo: " + text, messages.poll(10, TimeUnit.SECONDS));
            }
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
        assertEquals(WebSocket.NORMAL_CLOSURE, closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    default void aPageOfAnotherOriginIsRefused403() throws Exception {
        var refused = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(wsUri(site(), "/ws/x"), new WebSocket.Listener() { });
        var e = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
        assertEquals(403, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        // The site's own pages may.
        var own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + site().port())
                .buildAsync(wsUri(site(), "/ws/x"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        own.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    default void aMessageOver64KiBClosesWith1009() throws Exception {
        var closed = new CompletableFuture<Integer>();
        WebSocket ws = connect(site(), "/ws/big", new LinkedBlockingQueue<>(), closed);
        ws.sendText("y".repeat(64 * 1024 + 1), true).get(10, TimeUnit.SECONDS);
        assertEquals(1009, closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    default void plainHttpIs426AsAProblem() throws Exception {
        var r = new Api(site()).request("GET", "/ws/123", null, null);
        assertEquals(426, r.status(), "not the /{word}/{n} page");
        assertEquals("websocket", r.header("Upgrade"));
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    private static URI wsUri(Site site, String path) {
        return URI.create("ws://127.0.0.1:" + site.port() + path);
    }

    /** A WebSocket to {@code path} of {@code site}: its text messages go to {@code messages}, its close code to {@code closed}. */
    static WebSocket connect(Site site, String path, LinkedBlockingQueue<String> messages, CompletableFuture<Integer> closed)
            throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(wsUri(site, path), new WebSocket.Listener() {
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
}
