package webstack.user;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import webstack.testing.SharedTomcat;
import webstack.testing.Site;
import webstack.testing.TomcatInstance;

/** The user-API contract on the embedded H2 database (deploy/run's default). */
@ExtendWith(SharedTomcat.class)
class UserApiH2IT extends UserApiContract {

    private static TomcatInstance tomcat;

    @BeforeAll
    static void tomcat(TomcatInstance shared) {
        tomcat = shared;
    }

    @Override
    Site site() {
        return tomcat;
    }

    @Override
    String tokenSecret() {
        return SharedTomcat.TEST_TOKEN_SECRET;
    }
}
