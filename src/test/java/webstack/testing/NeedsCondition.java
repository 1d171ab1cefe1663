package webstack.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs a {@link Needs} test when its services are there; otherwise fails it, or skips it when asked to. */
final class NeedsCondition implements ExecutionCondition {

    static final String SKIP_PROPERTY = "webstack.skip";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        var needs = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, Needs.class));
        if (needs.isEmpty()) return ConditionEvaluationResult.enabled("needs nothing");
        Set<String> skip = Set.of(System.getProperty(SKIP_PROPERTY, "").split("\\s*,\\s*"));
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        if (ci && !String.join("", skip).isBlank()) {
            throw new ExtensionConfigurationException("-D" + SKIP_PROPERTY + " is refused in CI: nothing is skipped there");
        }
        List<String> skipped = new ArrayList<>();
        for (Service service : needs.get().value()) {
            if (service.isPresent()) continue;
            if (!skip.contains(service.key())) {
                throw new ExtensionConfigurationException(service.missing()
                        + " (to skip this tier on purpose, locally: -D" + SKIP_PROPERTY + "=" + service.key() + ")");
            }
            skipped.add(service.key());
        }
        return skipped.isEmpty()
                ? ConditionEvaluationResult.enabled("every service present")
                : ConditionEvaluationResult.disabled("SKIPPED on request (-D" + SKIP_PROPERTY + "): " + skipped + " not available");
    }
}
