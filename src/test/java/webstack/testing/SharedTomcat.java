package webstack.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one Tomcat shared by every integration test of the run, started on
 * first use and stopped when the run ends.
 */
public final class SharedTomcat implements ParameterResolver {

    /** The shared instance signs with this, so tests can also mint expired or odd tokens. */
    public static final String TEST_TOKEN_SECRET = "integration-test-secret-0123456789abcdef";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TomcatInstance.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class, k -> new Resource(), Resource.class).tomcat;
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        final TomcatInstance tomcat;

        Resource() {
            try {
                // /bench shows the sample results (ResultsSample.ID), for the browser test.
                var benchDir = ResultsSample.freshDir(TomcatInstance.PROJECT.resolve("target/it/shared-bench"));
                tomcat = TomcatInstance.start("shared", Map.of(
                        "APP_TOKEN_SECRET", TEST_TOKEN_SECRET,
                        "APP_BENCH_DIR", benchDir.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the shared Tomcat", e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            tomcat.close();
        }
    }
}
