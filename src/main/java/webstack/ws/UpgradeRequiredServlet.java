package webstack.ws;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import webstack.system.HttpError;

/** A plain HTTP request to {@code /ws/...} (upgrades never reach servlets): 426. */
public final class UpgradeRequiredServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        throw new HttpError(426, "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}", List.of(),
                Map.of("Upgrade", "websocket", "Connection", "Upgrade"));
    }
}
