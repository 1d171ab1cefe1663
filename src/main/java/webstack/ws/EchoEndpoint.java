package webstack.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code /ws/{client_id}}: answers every text message with {@code "Echo: " + message}. A
 * message over the limit closes the socket with 1009 (too big); past the cap on sessions a new
 * one is closed at once with 1013 (try again later); an idle session is closed after the idle
 * timeout. Client identifiers are logged only at FINE: at INFO, a disconnect is a count.
 */
public final class EchoEndpoint extends Endpoint {

    private static final Logger LOG = Logger.getLogger(EchoEndpoint.class.getName());

    private final EchoLimits limits;

    EchoEndpoint(EchoLimits limits) {
        this.limits = limits;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!limits.admit()) {
            session.getUserProperties().put(EchoLimits.REFUSED, true);
            close(session, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too many sessions"));
            return;
        }
        session.setMaxTextMessageBufferSize(limits.maxMessageBytes());
        session.setMaxIdleTimeout(limits.idleTimeout().toMillis());
        LOG.fine(() -> "WebSocket client " + clientId(session) + " connected");
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
            try {
                session.getBasicRemote().sendText(echo(message));
            } catch (IOException e) {
                LOG.fine(() -> "WebSocket client " + clientId(session) + ": echo not sent: " + e);
            }
        });
    }

    static String echo(String message) {
        return "Echo: " + message;
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (session.getUserProperties().remove(EchoLimits.REFUSED) != null) return;
        limits.release();
        LOG.info(() -> "WebSocket client disconnected (" + reason.getCloseCode().getCode() + ")");
        LOG.fine(() -> "WebSocket client " + clientId(session) + " disconnected (" + reason.getCloseCode().getCode() + ")");
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.fine(() -> "WebSocket client " + clientId(session) + ": " + error);
    }

    private static String clientId(Session session) {
        return session.getPathParameters().get("client_id");
    }

    private static void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.fine(() -> "WebSocket close failed: " + e);
        }
    }
}
