package webstack.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import webstack.WebApp;
import webstack.system.Route;
import webstack.system.Routes;
import webstack.testing.ApiDescriptionCheck;
import webstack.testing.InProcessContainer;

/**
 * The OpenAPI description and the application's route table name the same operations: the
 * whole application is started (on an embedded H2 database in a temporary directory) and
 * every route's templates and methods are compared with the description's paths and methods.
 */
class ApiDescriptionCoverageTest {

    /** Not operations of their own: HEAD answers wherever GET does, OPTIONS is the CORS preflight. */
    private static final Set<String> IMPLIED = Set.of("HEAD", "OPTIONS");

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsARoute(@TempDir Path data) {
        List<String> endpoints = new ArrayList<>();
        var site = new InProcessContainer("webapp");
        site.addServlet("default", new HttpServlet() { });
        site.setAttribute(ServerContainer.class.getName(), Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerContainer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addEndpoint")) endpoints.add(((ServerEndpointConfig) args[0]).getPath());
                    return null;
                }));
        var app = new WebApp();
        System.setProperty("app.data-dir", data.toString());
        try {
            app.contextInitialized(new ServletContextEvent(site));
        } finally {
            System.clearProperty("app.data-dir");
        }
        try {
            var routes = (Routes) site.getAttribute(Routes.class.getName());
            Set<String> served = new TreeSet<>();
            for (Route route : routes.all()) {
                if (route.name().equals("error")) continue; // the container's error dispatches only
                for (String template : route.templates()) {
                    route.methods().stream().filter(m -> !IMPLIED.contains(m)).forEach(m -> served.add(m + " " + template));
                }
            }
            Set<String> described = new TreeSet<>();
            ApiDescriptionCheck.operations().forEach((path, methods) -> methods.forEach(m -> described.add(m + " " + path)));
            assertEquals(described, served, "openapi.json's operations, then the route table's");
            // The WebSocket endpoint is described as the GET that upgrades.
            assertEquals(List.of("/ws/{client_id}"), endpoints);
            assertTrue(described.contains("GET /ws/{client_id}"));
        } finally {
            app.contextDestroyed(new ServletContextEvent(site));
        }
    }
}
