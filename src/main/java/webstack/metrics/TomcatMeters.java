package webstack.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.tomcat.TomcatMetrics;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * Tomcat's connector, thread pool and request processor, read from its JMX beans by
 * Micrometer's {@link TomcatMetrics}. Its constructor takes Catalina's session {@code Manager},
 * a class only a webapp inside Tomcat sees (not the build, not the in-process tests): it is
 * named here by reflection, and without Tomcat nothing is bound.
 */
final class TomcatMeters {

    private static final String MANAGER = "org.apache.catalina.Manager";

    private TomcatMeters() {
    }

    /** Binds the meters when running in Tomcat; the result, closed, stops listening for Tomcat's beans. Null elsewhere. */
    static AutoCloseable bindIfInTomcat(MeterRegistry registry) {
        Class<?> manager;
        try {
            manager = Class.forName(MANAGER, false, TomcatMeters.class.getClassLoader());
        } catch (ClassNotFoundException notInTomcat) {
            return null;
        }
        TomcatMetrics tomcat;
        try {
            // No session manager: the site keeps no HTTP sessions worth counting.
            tomcat = (TomcatMetrics) TomcatMetrics.class.getConstructor(manager, Iterable.class).newInstance(null, List.of());
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make Micrometer's Tomcat meters", e);
        }
        tomcat.bindTo(registry);
        return tomcat;
    }
}
