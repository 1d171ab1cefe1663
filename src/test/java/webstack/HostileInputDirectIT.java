package webstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import webstack.testing.Api;
import webstack.testing.SharedTomcat;
import webstack.testing.TomcatInstance;

/** The hostile-input probes against Tomcat directly. */
@ExtendWith(SharedTomcat.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputDirectIT extends HostileInputContract {

    private TomcatInstance tomcat;

    @BeforeAll
    void tomcat(TomcatInstance shared) {
        tomcat = shared;
    }

    @Override
    protected int port() {
        return tomcat.port();
    }

    @Override
    protected Api api() {
        return new Api(tomcat);
    }

    @Override
    protected String tokenSecret() {
        return SharedTomcat.TEST_TOKEN_SECRET;
    }
}
