package webstack.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/{client_id}}: answers every text message with {@code "Echo: " + message}. A
 * message over the limit closes the socket with 1009 (too big); past the cap on sessions a new
 * one is closed at once with 1013 (try again later); an idle session is closed after the idle
 * timeout. Client identifiers are logged only at FINE: at INFO, a disconnect is a count.
 */
public final class EchoEndpoint extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EchoEndpoint.class);

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
        LOG.debug("WebSocket client {} connected", clientId(session));
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
            try {
                session.getBasicRemote().sendText(echo(message));
            } catch (IOException e) {
                LOG.debug("WebSocket client {}: echo not sent: {}", clientId(session), String.valueOf(e));
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
        LOG.info("WebSocket client disconnected ({})", reason.getCloseCode().getCode());
        LOG.debug("WebSocket client {} disconnected ({})", clientId(session), reason.getCloseCode().getCode());
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket client {}: {}", clientId(session), String.valueOf(error));
    }

    private static String clientId(Session session) {
        return session.getPathParameters().get("client_id");
    }

    private static void close(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.debug("WebSocket close failed: {}", String.valueOf(e));
        }
    }
}
