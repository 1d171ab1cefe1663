package webstack.ws;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import webstack.system.Responses;

/** A plain HTTP request to {@code /ws/...} (upgrades never reach servlets): 426. */
public final class UpgradeRequiredServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Upgrade", "websocket");
        resp.setHeader("Connection", "Upgrade");
        Responses.plainText(resp, 426, "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}");
    }
}
