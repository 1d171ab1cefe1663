package webstack.system;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.time.Clock;
import java.util.logging.Logger;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import webstack.auth.PasswordHasher;
import webstack.auth.TokenSecret;
import webstack.auth.TokenService;
import webstack.user.UserService;
import webstack.ws.EchoEndpoint;

/** Builds the application's shared objects when the webapp starts, and closes them when it stops. */
public final class StartupListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(StartupListener.class.getName());

    private Database database;
    private ValidatorFactory validation;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext servletContext = event.getServletContext();
        try {
            start(servletContext);
        } catch (RuntimeException e) {
            // Tomcat reports a failed listener only in its localhost log: say why on the console too.
            LOG.severe("webstack cannot start: " + e.getMessage());
            contextDestroyed(event);
            throw e;
        }
    }

    private void start(ServletContext servletContext) {
        AppConfig config = AppConfig.fromEnvironment();
        Clock clock = Clock.systemUTC();
        byte[] secret;
        try {
            secret = TokenSecret.load(config.tokenSecret, config.dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the token secret in " + config.dataDir + ": " + e, e);
        }
        // No Expression Language on the classpath: messages are plain text with {min}/{max} parameters.
        validation = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        database = Database.open(config);
        var json = Json.mapper();
        var app = new AppContext(
                config,
                Templates.configuration(servletContext),
                json,
                new Problems(json),
                validation.getValidator(),
                database,
                new UserService(database.sessions(), new PasswordHasher(config.bcryptCost), clock),
                new TokenService(secret, config.tokenTtl, clock));
        servletContext.setAttribute(AppContext.ATTRIBUTE, app);
        registerWebSocket(servletContext);
        LOG.info(() -> "webstack started: data dir " + config.dataDir + ", database " + database.databaseId());
    }

    private static void registerWebSocket(ServletContext servletContext) {
        var container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
        if (container == null) throw new IllegalStateException("no WebSocket container: run in Tomcat 11");
        try {
            container.addEndpoint(EchoEndpoint.class);
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the WebSocket endpoint", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(AppContext.ATTRIBUTE);
        if (database != null) database.close();
        if (validation != null) validation.close();
        database = null;
        validation = null;
    }
}
