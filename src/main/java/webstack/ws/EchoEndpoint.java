package webstack.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Logger;

/**
 * {@code /ws/{client_id}}: answers every text message with {@code "Echo: " + message}. A
 * message over 64 KiB closes the socket with 1009 (message too big).
 */
@ServerEndpoint("/ws/{client_id}")
public final class EchoEndpoint {

    private static final Logger LOG = Logger.getLogger(EchoEndpoint.class.getName());
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    @OnOpen
    public void open(Session session, @PathParam("client_id") String clientId) {
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        session.setMaxIdleTimeout(300_000);
        LOG.fine(() -> "WebSocket client " + clientId + " connected");
    }

    @OnMessage
    public String echo(String message) {
        return "Echo: " + message;
    }

    @OnClose
    public void close(@PathParam("client_id") String clientId, CloseReason reason) {
        LOG.info(() -> "WebSocket client " + clientId + " disconnected (" + reason.getCloseCode().getCode() + ")");
    }

    @OnError
    public void error(@PathParam("client_id") String clientId, Throwable error) {
        LOG.fine(() -> "WebSocket client " + clientId + ": " + error);
    }
}
