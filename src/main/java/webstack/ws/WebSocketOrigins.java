package webstack.ws;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which pages may open the WebSocket: by default only the site's own (the {@code Origin}'s
 * host and port are the request's {@code Host}); a configured list names others, {@code *}
 * any. Others get 403 at the handshake. The container asks {@link #checkOrigin} without the
 * request, so the handshake's {@code Host} is kept for it, per thread, by the request listener.
 */
public final class WebSocketOrigins extends ServerEndpointConfig.Configurator implements ServletRequestListener {

    private static final ThreadLocal<String> HOST = new ThreadLocal<>();

    private final List<String> allowed;
    private final EchoLimits limits;

    /** @param allowed origins such as {@code https://app.example}, {@code *}; empty: the same origin only */
    public WebSocketOrigins(List<String> allowed, EchoLimits limits) {
        this.allowed = List.copyOf(allowed);
        this.limits = limits;
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest req && req.getRequestURI().startsWith("/ws/")) {
            HOST.set(req.getHeader("Host"));
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        HOST.remove();
    }

    @Override
    public boolean checkOrigin(String origin) {
        // Not a browser (no Origin header): nothing to protect a user's session from.
        if (origin == null) return true;
        if (allowed.contains("*") || allowed.contains(origin)) return true;
        return allowed.isEmpty() && sameOrigin(origin, HOST.get());
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null) return false;
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) return false;
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = scheme.equals("https") ? 443 : 80;
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort());
            String expected = host.toLowerCase(Locale.ROOT);
            if (expected.endsWith(":" + defaultPort)) expected = expected.substring(0, expected.length() - (":" + defaultPort).length());
            return authority.equals(expected);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return (T) new EchoEndpoint(limits);
    }

    /** The echo endpoint's configuration, with these checks and limits. */
    public ServerEndpointConfig endpoint() {
        return ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/ws/{client_id}").configurator(this).build();
    }
}
