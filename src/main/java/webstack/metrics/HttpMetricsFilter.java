package webstack.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import webstack.system.Routes;

/**
 * Times every request, from its arrival to its answer, into {@code http.server.requests}
 * ({@code http_server_requests_seconds} in Prometheus), a histogram tagged with the method, the
 * status, its outcome and the {@code uri}: the route's path template ({@code /users/{id}}),
 * never the path itself, so a client cannot add a series per id or per random path.
 *
 * <p>Mapped to every path for REQUEST dispatches only, ahead of the route filter. A request that
 * goes asynchronous (a body read without a thread, a registration waiting for bcrypt) is
 * recorded when its async cycle completes, not when its first dispatch returns; its ASYNC
 * dispatches do not pass here, so each request is counted once.
 */
public final class HttpMetricsFilter extends HttpFilter {

    public static final String NAME = "http.server.requests";
    /** The uri of a request that no route of ours serves (a servlet of the container's own). */
    public static final String UNMATCHED = "UNMATCHED";
    /** The uri of a path the catch-all route ({@code /{word}/{count}}, mapped to /) does not recognise. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** Any other method is tagged OTHER: Tomcat accepts any token as a method, and each would be a series. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /**
     * The histogram's buckets (le), enough for p50 to p99 by histogram_quantile: 13 (and +Inf)
     * per method, uri and status, where Micrometer's percentile histogram would make about 70.
     */
    private static final Duration[] BUCKETS = Stream.of(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
            .map(ms -> Duration.ofNanos((long) (ms.doubleValue() * 1_000_000))).toArray(Duration[]::new);

    private final Routes routes;
    private final MeterRegistry registry;
    /**
     * The timers made so far: a request finds its own here rather than building its meter id
     * again (tags sorted and hashed, then the registry's lookup) on every answer. Bounded as the
     * tags are: the methods, the templates and the statuses.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String uri, int status) {
    }

    private HttpMetricsFilter(Routes routes, MeterRegistry registry) {
        this.routes = routes;
        this.registry = registry;
    }

    /** Adds the filter to {@code context} in front of every route. */
    public static void register(ServletContext context, Routes routes, MeterRegistry registry) {
        FilterRegistration.Dynamic filter = context.addFilter("http-metrics", new HttpMetricsFilter(routes, registry));
        filter.setAsyncSupported(true);
        // URL-pattern mappings come before the servlet-name mappings of the route table: first in every chain.
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        var request = new Timing(req, resp);
        try {
            chain.doFilter(req, resp);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            // The container answers what escaped with a 500.
            request.record(500);
            throw e;
        }
        if (req.isAsyncStarted()) {
            req.getAsyncContext().addListener(request);
        } else {
            request.record(resp.getStatus());
        }
    }

    private Timer newTimer(TimerKey key) {
        return Timer.builder(NAME)
                .description("HTTP requests: how many, and how long until their answer was complete")
                .tag("method", key.method())
                .tag("uri", key.uri())
                .tag("status", Integer.toString(key.status()))
                .tag("outcome", Outcome.forStatus(key.status()).name())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** One request being timed; as an async listener, it records the request when its answer is complete. */
    private final class Timing implements AsyncListener {
        private final Timer.Sample sample = Timer.start(registry);
        private final String method;
        private final HttpServletResponse resp;
        /** Taken on arrival: an ASYNC dispatch may change the request's mapping. */
        private final String template;
        private final boolean catchAll;

        Timing(HttpServletRequest req, HttpServletResponse resp) {
            this.method = METHODS.contains(req.getMethod()) ? req.getMethod() : "OTHER";
            this.resp = resp;
            HttpServletMapping mapping = req.getHttpServletMapping();
            this.template = routes.template(mapping.getServletName(), mapping.getPattern());
            this.catchAll = mapping.getMappingMatch() == MappingMatch.DEFAULT;
        }

        void record(int status) {
            String uri = template == null ? UNMATCHED : status == 404 && catchAll ? NOT_FOUND : template;
            var key = new TimerKey(method, uri, status);
            Timer timer = timers.get(key);
            if (timer == null) timer = timers.computeIfAbsent(key, HttpMetricsFilter.this::newTimer);
            sample.stop(timer);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            record(resp.getStatus());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Asynchronous again (a registration waiting for its bcrypt turn after its body was
            // read): the container drops this listener unless it is added again.
            event.getAsyncContext().addListener(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // Whoever started the async cycle answers its timeout; completion follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // Completion follows, with the status the error left.
        }
    }
}
