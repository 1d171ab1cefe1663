package webstack.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers the site's routes with the servlet container, each with its methods and the
 * kind of error answer it gets. Every request passes first through {@link RequestIds}, which
 * gives it its id; every route then through {@link RouteFilter}, which
 * enforces its methods, answers CORS, and turns any exception into the route's kind of error
 * answer; {@link ErrorServlet} does the same for errors the container raises itself.
 */
public final class Routes {

    public static final Set<String> READ = Set.of("GET", "HEAD");
    /** The order in which methods are listed in {@code Allow}. */
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /**
     * Requests pass the filters when they arrive and again when they come back after their
     * body was read without a thread (RouteFilter dispatches them ASYNC).
     */
    private static final EnumSet<DispatcherType> DISPATCHES = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
    /** Tomcat's own servlet for static files, declared in its conf/web.xml. */
    private static final String STATIC_SERVLET = "default";

    private final ServletContext context;
    private final Map<String, Route> byServlet = new ConcurrentHashMap<>();
    /** Each route's templates by the servlet pattern made of them, for {@link #template}: no string work per request. */
    private final Map<String, Map<String, String>> templatesByServlet = new ConcurrentHashMap<>();
    private final FilterRegistration.Dynamic routeFilter;

    /**
     * @param bodyTimeout how long a client may take to send a request body (then 408)
     * @param maxPendingBodies how many requests with a body may be in progress at once (then 503)
     */
    public Routes(ServletContext context, Errors errors, CorsPolicy cors, Duration bodyTimeout, int maxPendingBodies) {
        this.context = context;
        // The route table is there for whoever reads the context: the API description's test.
        context.setAttribute(Routes.class.getName(), this);
        // Ahead of every other filter (Tomcat's WebSocket filter too) and on every dispatch,
        // the error page's included: each request and each of its log lines has its id.
        FilterRegistration.Dynamic requestIds = context.addFilter("request-ids", new RequestIds());
        requestIds.setAsyncSupported(true);
        requestIds.addMappingForUrlPatterns(
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR), false, "/*");
        // The first filter mapped by servlet name, so the first of every route's own chain.
        this.routeFilter = context.addFilter("routes", new RouteFilter(this, errors, cors, bodyTimeout, maxPendingBodies));
        routeFilter.setAsyncSupported(true);
        ServletRegistration.Dynamic error = context.addServlet("error", new ErrorServlet(this, errors));
        error.addMapping(ErrorServlet.PATH);
        remember(new Route("error", Route.Kind.PAGE, READ, false, List.of(ErrorServlet.PATH)));
        routeFilter.addMappingForServletNames(DISPATCHES, true, "error");
    }

    /** An HTML page: GET and HEAD; errors as HTML pages. Paths are templates, see {@link Route#pattern}. */
    public Routes page(String name, HttpServlet servlet, String... templates) {
        return add(new Route(name, Route.Kind.PAGE, READ, false, List.of(templates)), servlet);
    }

    /** A plain-text page (the benchmark pages): GET and HEAD; errors as problems. */
    public Routes text(String name, HttpServlet servlet, String... templates) {
        return add(new Route(name, Route.Kind.API, READ, false, List.of(templates)), servlet);
    }

    /** A JSON API resource: the given methods, CORS, errors as problems. */
    public Routes api(String name, HttpServlet servlet, Set<String> methods, String... templates) {
        return add(new Route(name, Route.Kind.API, methods, true, List.of(templates)), servlet);
    }

    /** Static files under {@code template} ({@code /static/{file}}), served by the container's default servlet. */
    public Routes staticFiles(String template) {
        ServletRegistration registration = context.getServletRegistration(STATIC_SERVLET);
        if (registration == null) throw new IllegalStateException("the container has no '" + STATIC_SERVLET + "' servlet");
        var route = new Route(STATIC_SERVLET, Route.Kind.PAGE, READ, false, List.of(template));
        requireMapped(registration.addMapping(route.patterns().get(0)), template);
        remember(route);
        routeFilter.addMappingForServletNames(DISPATCHES, true, STATIC_SERVLET);
        return this;
    }

    /** A filter in front of the named routes, after the route filter (authentication, say). */
    public Routes filter(String name, Filter filter, String... routeNames) {
        for (String route : routeNames) {
            if (!byServlet.containsKey(route)) throw new IllegalArgumentException("no route named " + route);
        }
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForServletNames(DISPATCHES, true, routeNames);
        return this;
    }

    private Routes add(Route route, HttpServlet servlet) {
        if (byServlet.containsKey(route.name())) throw new IllegalArgumentException("two routes named " + route.name());
        remember(route);
        ServletRegistration.Dynamic registration = context.addServlet(route.name(), servlet);
        registration.setLoadOnStartup(1);
        registration.setAsyncSupported(true);
        requireMapped(registration.addMapping(route.patterns().toArray(String[]::new)), route.templates());
        routeFilter.addMappingForServletNames(DISPATCHES, true, route.name());
        return this;
    }

    private static void requireMapped(Set<String> conflicts, Object patterns) {
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("URL patterns " + patterns + " already taken: " + conflicts);
        }
    }

    private void remember(Route route) {
        byServlet.put(route.name(), route);
        var templates = new java.util.HashMap<String, String>();
        for (String template : route.templates()) templates.put(Route.pattern(template), template);
        templatesByServlet.put(route.name(), Map.copyOf(templates));
    }

    /**
     * The path template a request was mapped by, from its servlet and the pattern that matched
     * ({@code HttpServletMapping}); null for a servlet that is not ours.
     */
    public String template(String servletName, String matchedPattern) {
        Map<String, String> templates = servletName == null ? null : templatesByServlet.get(servletName);
        return templates == null ? null : templates.get(matchedPattern);
    }

    /** The route a servlet serves, or null for a servlet that is not ours. */
    public Route find(String servletName) {
        return servletName == null ? null : byServlet.get(servletName);
    }

    /** Every route, for readers and tests. */
    public Collection<Route> all() {
        return List.copyOf(byServlet.values());
    }

    static List<String> ordered(Set<String> methods) {
        return METHOD_ORDER.stream().filter(methods::contains).toList();
    }
}
