package webstack.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The machine services an integration test needs. When one is missing the test fails with a
 * message that says what to install or start; a developer may instead skip the tier on purpose
 * with {@code -Dwebstack.skip=<service>,...} (the test is then reported skipped, with the
 * reason). In CI ({@code CI} set in the environment, as {@code .ci/run} does) nothing is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsCondition.class)
public @interface Needs {
    Service[] value();
}
