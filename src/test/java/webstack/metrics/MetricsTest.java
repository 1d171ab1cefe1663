package webstack.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JVM's meters are there from the start; Tomcat's only inside Tomcat, and their absence is no error. */
class MetricsTest {

    @Test
    void theJvmIsMeasuredAndTomcatOnlyWhereItRuns() {
        try (Metrics metrics = Metrics.start()) {
            String text = metrics.scrape();
            for (String family : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_", "process_uptime_seconds"}) {
                assertTrue(text.contains(family), family);
            }
            assertFalse(text.contains("tomcat_"), "no Catalina classes in the in-process tests");
        }
    }
}
