package webstack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.cache.FileTemplateLoader;
import freemarker.template.Configuration;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import webstack.system.CorsPolicy;
import webstack.system.Errors;
import webstack.system.Json;
import webstack.system.JsonBodies;
import webstack.system.Routes;
import webstack.system.Templates;
import webstack.user.PasswordHasher;
import webstack.user.UserService;

/**
 * The application's shared objects built the way {@code webstack.WebApp} builds them, for the
 * in-process tests: the real JSON mapper, validator, templates and error writer. Settings
 * differ only where a test needs speed: bcrypt at its lowest cost.
 */
public final class TestWiring {

    /** The lowest cost bcrypt (and app.bcrypt.cost) allows: a hash in about a millisecond. */
    public static final int BCRYPT_COST = 4;

    /** The production defaults (AppConfig): 5 failures, then a minute, doubling up to 15 minutes. */
    public static final webstack.user.LoginBackoff BACKOFF =
            new webstack.user.LoginBackoff(5, java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(15));

    /** Thread-safe and immutable once built, like the application's; built once because it is slow to build. */
    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();

    private TestWiring() {
    }

    public static ObjectMapper json() {
        return Json.mapper();
    }

    public static JsonBodies jsonBodies() {
        return new JsonBodies(Json.mapper(), VALIDATION.getValidator());
    }

    /** The real templates of webapp/WEB-INF/templates with the real configuration. */
    public static Configuration templates() {
        try {
            return Templates.configuration(new FileTemplateLoader(new File("webapp/WEB-INF/templates")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Errors errors() {
        try {
            return new Errors(Json.mapper(), templates());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty route table on {@code container}, CORS for the given origins. */
    public static Routes routes(InProcessContainer container, String... corsOrigins) {
        return new Routes(container, errors(), new CorsPolicy(corsOrigins.length == 0 ? List.of("*") : List.of(corsOrigins)),
                java.time.Duration.ofSeconds(10), 512);
    }

    /** A hasher at {@code cost} with the slots and wait of a 2-core machine's defaults (AppConfig). */
    public static PasswordHasher hasher(int cost) {
        return new PasswordHasher(cost, 2, java.time.Duration.ofSeconds(2));
    }

    public static UserService users(InMemoryDatabase db, Clock clock) {
        return new UserService(db.sessions(), hasher(BCRYPT_COST), BACKOFF, clock);
    }

    public static UserService users(InMemoryDatabase db) {
        return users(db, Clock.systemUTC());
    }

    /** The site's admin account (created when missing), as a caller holding a current token. */
    public static webstack.user.Caller admin(UserService users) {
        users.ensureAdmin(ADMIN_EMAIL, "Admin", ADMIN_PASSWORD);
        webstack.user.User admin = users.authenticate(ADMIN_EMAIL, ADMIN_PASSWORD);
        return new webstack.user.Caller(admin.getId(), admin.getTokenVersion());
    }

    public static final String ADMIN_EMAIL = "admin@example.test";
    private static final String ADMIN_PASSWORD = "the admin's password";

    /**
     * A filter that makes every request it passes the given caller's, as the bearer-token filter
     * would after checking a token: for routes tested without tokens.
     */
    public static jakarta.servlet.Filter asCaller(webstack.user.Caller caller) {
        return new jakarta.servlet.http.HttpFilter() {
            @Override
            protected void doFilter(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp,
                                    jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
                chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper(req) {
                    @Override
                    public java.security.Principal getUserPrincipal() {
                        return caller;
                    }
                }, resp);
            }
        };
    }
}
