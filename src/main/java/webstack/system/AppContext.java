package webstack.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.template.Configuration;
import jakarta.servlet.ServletContext;
import jakarta.validation.Validator;
import webstack.auth.TokenService;
import webstack.user.UserService;

/**
 * The objects built once at start-up by {@link StartupListener} and shared by every request,
 * kept as one attribute of the servlet context.
 */
public record AppContext(
        AppConfig config,
        Configuration templates,
        ObjectMapper json,
        Problems problems,
        Validator validator,
        Database database,
        UserService users,
        TokenService tokens) {

    static final String ATTRIBUTE = AppContext.class.getName();

    public static AppContext of(ServletContext servletContext) {
        AppContext app = (AppContext) servletContext.getAttribute(ATTRIBUTE);
        if (app == null) {
            throw new IllegalStateException("AppContext missing: did " + StartupListener.class.getSimpleName() + " run?");
        }
        return app;
    }
}
