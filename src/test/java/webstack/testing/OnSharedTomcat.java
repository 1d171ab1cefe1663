package webstack.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the integration tests that run against the one Tomcat shared by the whole run ({@link SharedTomcat}). */
@ExtendWith(SharedTomcat.class)
public abstract class OnSharedTomcat {

    protected static TomcatInstance tomcat;

    @BeforeAll
    static void sharedTomcat(TomcatInstance shared) {
        tomcat = shared;
    }
}
