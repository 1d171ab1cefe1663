package webstack.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.logging.Logger;

/** Builds the application's shared objects when the webapp starts. */
public final class StartupListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(StartupListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var servletContext = event.getServletContext();
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (AppConfig.ConfigException e) {
            // Tomcat reports a failed listener only in its localhost log: say why on the console too.
            LOG.severe(e.getMessage());
            throw e;
        }
        var app = new AppContext(config, Templates.configuration(servletContext), new ObjectMapper());
        servletContext.setAttribute(AppContext.ATTRIBUTE, app);
        LOG.info(() -> "webstack started: data dir " + config.dataDir + ", hello max count " + config.helloMaxCount);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(AppContext.ATTRIBUTE);
    }
}
