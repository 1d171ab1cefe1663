package webstack.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's meters, in Prometheus's text format: the JVM's (memory, GC, threads, classes,
 * CPU, uptime), Tomcat's connector and thread pool when it runs in Tomcat, and whatever the
 * composition root adds (the HTTP requests, the database pool, bcrypt, WebSocket sessions).
 * Closed when the webapp stops: the GC and Tomcat meters listen to JMX notifications, which
 * would otherwise keep the stopped webapp's classes alive.
 */
public final class Metrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> listeners = new ArrayList<>();

    private Metrics() {
    }

    /** A registry with the JVM's meters and, in Tomcat, the connector's. */
    public static Metrics start() {
        var metrics = new Metrics();
        new JvmMemoryMetrics().bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        var gc = new JvmGcMetrics();
        gc.bindTo(metrics.registry);
        metrics.listeners.add(gc);
        AutoCloseable tomcat = TomcatMeters.bindIfInTomcat(metrics.registry);
        if (tomcat != null) metrics.listeners.add(tomcat);
        return metrics;
    }

    /** Metrics with no meters of their own, for tests of the meters others add. */
    static Metrics empty() {
        return new Metrics();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter now, in Prometheus's text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (AutoCloseable listener : listeners) {
            try {
                listener.close();
            } catch (Exception e) {
                LOG.warn("cannot stop a meter binder", e);
            }
        }
        registry.close();
    }
}
