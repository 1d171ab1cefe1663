package webstack;

import ch.qos.logback.classic.LoggerContext;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import freemarker.template.Configuration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import webstack.auth.AuthFilter;
import webstack.auth.TokenSecret;
import webstack.auth.TokenService;
import webstack.auth.TokenServlet;
import webstack.db.Database;
import webstack.docs.OpenApiServlet;
import webstack.docs.SwaggerUiServlet;
import webstack.health.HealthServlet;
import webstack.health.ProbeServlet;
import webstack.hello.HelloPage;
import webstack.hello.HelloPath;
import webstack.hello.HelloServlet;
import webstack.hello.JsonServlet;
import webstack.hello.RawHelloServlet;
import webstack.home.HomeServlet;
import webstack.metrics.HttpMetricsFilter;
import webstack.metrics.Metrics;
import webstack.metrics.MetricsServlet;
import webstack.results.ResultsDirectory;
import webstack.results.ResultsPageServlet;
import webstack.system.AppConfig;
import webstack.system.CorsPolicy;
import webstack.system.Errors;
import webstack.system.Json;
import webstack.system.JsonBodies;
import webstack.system.Routes;
import webstack.system.Templates;
import webstack.user.LoginBackoff;
import webstack.user.PasswordHasher;
import webstack.user.UserMapper;
import webstack.user.UserService;
import webstack.user.UsersServlet;
import webstack.ws.EchoLimits;
import webstack.ws.UpgradeRequiredServlet;
import webstack.ws.WebSocketOrigins;

/**
 * The composition root: builds the application's shared objects once when the webapp starts,
 * registers every route of the site (the route table below: path, servlet, methods, access
 * rule), and closes what it opened when the webapp stops. The only class that knows every
 * feature; no feature knows it.
 */
public final class WebApp implements ServletContextListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    private Metrics metrics;
    private Database database;
    private PasswordHasher hasher;
    private ValidatorFactory validation;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            start(event.getServletContext());
        } catch (RuntimeException e) {
            // Tomcat reports a failed listener only in its localhost log: say why on the console too.
            LOG.error("webstack cannot start: {}", e.getMessage());
            contextDestroyed(event);
            throw e;
        }
    }

    private void start(ServletContext context) {
        AppConfig config = AppConfig.fromEnvironment();
        Clock clock = Clock.systemUTC();
        var json = Json.mapper();
        Configuration templates = Templates.configuration(context);
        // No Expression Language on the classpath: messages are plain text with {min}/{max} parameters.
        validation = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        var bodies = new JsonBodies(json, validation.getValidator());
        if (config.metricsEnabled) metrics = Metrics.start();
        database = Database.open(config, List.of(UserMapper.class),
                metrics == null ? null : new MicrometerMetricsTrackerFactory(metrics.registry()));
        hasher = new PasswordHasher(config.bcryptCost, config.bcryptConcurrency, config.bcryptWait);
        var users = new UserService(database.sessions(), hasher,
                new LoginBackoff(config.loginMaxFailures, config.loginLock, config.loginMaxLock), clock);
        if (config.adminEmail != null) users.ensureAdmin(config.adminEmail, "Admin", config.adminPassword);
        var tokens = new TokenService(TokenSecret.of(config), config.tokenTtl, clock);
        var hello = new HelloPath(config.helloMaxCount, config.helloMaxWordBytes, config.helloMaxPageBytes);
        var webSocketLimits = new EchoLimits(config.wsMaxMessageBytes, config.wsIdleTimeout, config.wsMaxSessions);

        var usersServlet = new UsersServlet(users, bodies);
        Routes routes;
        HelloServlet helloPages;
        try {
            helloPages = new HelloServlet(hello, new HelloPage(templates));
            routes = new Routes(context, new Errors(json, templates), new CorsPolicy(config.corsOrigins), config.bodyTimeout,
                    config.bodyMaxPending)
                    .page("home", new HomeServlet(templates.getTemplate("home.ftlh"), config.helloMaxCount,
                            config.showVersions), "/")
                    .text("hello", helloPages, "/{word}/{count}")
                    .text("raw-hello", new RawHelloServlet(hello), "/raw/{word}/{count}")
                    .api("json", new JsonServlet(json), Routes.READ, "/json")
                    .api("health", new HealthServlet(database, json), Routes.READ, "/health")
                    .api("probes", new ProbeServlet(database, json), Routes.READ, "/health/live", "/health/ready")
                    .api("openapi", new OpenApiServlet(), Routes.READ, "/openapi.json")
                    .page("docs", new SwaggerUiServlet(templates.getTemplate("docs.ftlh")), "/docs", "/docs/{file}")
                    // One servlet, two routes: each template answers its own methods (405 and Allow).
                    .api("users", usersServlet, UsersServlet.ON_COLLECTION, "/users")
                    .api("user", usersServlet, UsersServlet.ON_USER, "/users/{id}")
                    .api("token", new TokenServlet(users, tokens, bodies), Set.of("POST"), "/token")
                    .page("results", new ResultsPageServlet(templates.getTemplate("results.ftlh"),
                            new ResultsDirectory(config.benchDir, json)), "/bench")
                    .text("ws-upgrade-required", new UpgradeRequiredServlet(), "/ws/{client_id}")
                    .staticFiles("/static/{file}")
                    // Access rules: the users resource needs a bearer token, except to register.
                    .filter("auth", new AuthFilter(tokens, Set.of("POST /users")), "users", "user");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load a template", e);
        }
        if (metrics != null) {
            // Refused callers are answered by the servlet of unknown paths: /metrics is one to them.
            routes.text("metrics", new MetricsServlet(metrics, config.metricsAllow, helloPages), "/metrics");
            HttpMetricsFilter.register(context, routes, metrics.registry());
            bindMeters(metrics.registry(), hasher, webSocketLimits);
        }
        var webSockets = new WebSocketOrigins(config.wsOrigins, webSocketLimits);
        context.addListener(webSockets);
        registerWebSocket(context, webSockets.endpoint());
        LOG.info("webstack started: data dir {}, database {}", config.dataDir, database.databaseId());
    }

    /** The features' own meters, beside the JVM's, Tomcat's, the pool's and the requests'. */
    private static void bindMeters(MeterRegistry registry, PasswordHasher hasher, EchoLimits webSockets) {
        Gauge.builder("webstack.bcrypt.queued", hasher, PasswordHasher::waiting)
                .description("Password checks and hashes waiting for a bcrypt thread").register(registry);
        Gauge.builder("webstack.bcrypt.active", hasher, PasswordHasher::running)
                .description("bcrypt hashes running").register(registry);
        FunctionCounter.builder("webstack.bcrypt.refused", hasher, PasswordHasher::refused)
                .description("Password checks and hashes refused with 503: queue full or no turn in time").register(registry);
        Gauge.builder("webstack.websocket.sessions", webSockets, EchoLimits::open)
                .description("WebSocket echo sessions open").register(registry);
    }

    private static void registerWebSocket(ServletContext context, ServerEndpointConfig endpoint) {
        var container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) throw new IllegalStateException("no WebSocket container: run in Tomcat 11");
        try {
            container.addEndpoint(endpoint);
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the WebSocket endpoint " + endpoint.getPath(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (hasher != null) hasher.close();
        if (database != null) database.close();
        if (metrics != null) metrics.close();
        if (validation != null) validation.close();
        metrics = null;
        database = null;
        hasher = null;
        validation = null;
        // Logback's own stop at undeploy is a ServletContainerInitializer, which web.xml's
        // <absolute-ordering/> leaves out with everything else libraries would register.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) logback.stop();
    }
}
