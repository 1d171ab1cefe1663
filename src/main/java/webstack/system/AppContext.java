package webstack.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.template.Configuration;
import jakarta.servlet.ServletContext;

/**
 * The objects built once at start-up and shared by every request, kept as attributes of
 * the servlet context under one name.
 */
public record AppContext(AppConfig config, Configuration templates, ObjectMapper json) {

    static final String ATTRIBUTE = AppContext.class.getName();

    public static AppContext of(ServletContext servletContext) {
        AppContext app = (AppContext) servletContext.getAttribute(ATTRIBUTE);
        if (app == null) {
            throw new IllegalStateException("AppContext missing: did " + StartupListener.class.getSimpleName() + " run?");
        }
        return app;
    }
}
